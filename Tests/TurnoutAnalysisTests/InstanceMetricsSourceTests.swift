import Foundation
import Testing
import TurnoutRuntime
import TurnoutStrategies

@testable import TurnoutAnalysis

/// InstanceMetricsSource against real HTTP servers serving /metrics pages the test controls: per-revision
/// aggregation over instances, window deltas, excluded routes, a restarted instance and an unreachable one.
@Suite(.serialized)
struct InstanceMetricsSourceTests {
    static let bounds = ["0.05", "0.1", "0.2", "0.5", "+Inf"]

    /// A page of the bundled API's histogram: cumulative counts per status class (and a health route).
    static func page(ok: [Int], errors: [Int], health: Int = 0) -> String {
        var lines = ["# HELP http_request_duration_seconds HTTP request latency by route template and status class",
                     "# TYPE http_request_duration_seconds histogram"]
        for (status, counts) in [("2xx", ok), ("5xx", errors)] where !counts.isEmpty {
            for (bound, count) in zip(bounds, counts) {
                lines.append(#"http_request_duration_seconds_bucket{method="GET",route="/api/v1/posts",status="\#(status)",le="\#(bound)"} \#(count)"#)
            }
            lines.append(#"http_request_duration_seconds_sum{method="GET",route="/api/v1/posts",status="\#(status)"} 1.5"#)
            lines.append(#"http_request_duration_seconds_count{method="GET",route="/api/v1/posts",status="\#(status)"} \#(counts.last!)"#)
        }
        if health > 0 {
            for bound in bounds { lines.append(#"http_request_duration_seconds_bucket{method="GET",route="/health",status="2xx",le="\#(bound)"} \#(health)"#) }
        }
        lines.append("cache_hits_total 12")
        return lines.joined(separator: "\n") + "\n"
    }

    struct Server {
        let process: TestProcess
        let port: Int
        let page: String
    }

    static func startServer(_ directory: String, _ name: String, page text: String, excluding: Set<Int>) async throws -> Server {
        let port = try TestSupport.freePort(excluding: excluding)
        let page = "\(directory)/\(name).prom"
        try TestSupport.write(text, to: page)
        let process = try TestProcess([TestSupport.python, TestSupport.fixtures + "/metrics_server.py", "--port", "\(port)", "--page", page], label: name)
        let up = await TestSupport.waitUntil {
            if case .success(let response) = await HTTPFetch.get(host: "127.0.0.1", port: port, path: "/metrics", timeout: .seconds(1)) {
                return response.status == 200
            }
            return false
        }
        if !up { await process.stop() }
        try #require(up, "metrics server did not start: \(process.log)")
        return Server(process: process, port: port, page: page)
    }

    @Test func revisionsAggregateWindowDeltasAcrossInstances() async throws {
        let directory = try TestSupport.temporaryDirectory("instances")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = try await Self.startServer(directory, "r2a", page: Self.page(ok: [10, 20, 30, 40, 40], errors: [1, 1, 1, 1, 1], health: 5), excluding: [])
        let b = try await Self.startServer(directory, "r2b", page: Self.page(ok: [0, 0, 0, 0, 0], errors: []), excluding: [a.port])
        let c = try await Self.startServer(directory, "r1", page: Self.page(ok: [100, 100, 100, 100, 100], errors: []), excluding: [a.port, b.port])
        try await TestSupport.stopping([a.process, b.process, c.process]) {
            let r1 = RevisionID("r1"), r2 = RevisionID("r2")
            let targets = [InstanceTarget(revision: r2, id: "api-r2-1", endpoint: .loopback(a.port)), InstanceTarget(revision: r2, id: "api-r2-2", endpoint: .loopback(b.port)),
                           InstanceTarget(revision: r1, id: "api-r1-1", endpoint: .loopback(c.port))]
            let source = InstanceMetricsSource(settings: .init(excludedRoutes: ["/health"]))
            let start = Date()
            _ = await source.sample(SampleRequest(window: .seconds(30), now: start, targets: targets))

            // r2a: +50, +100, +150, +160 answered and +2 errors; r2b: +40 answered, all under 50 ms; r1 restarted.
            try TestSupport.write(Self.page(ok: [60, 120, 180, 200, 200], errors: [3, 3, 3, 3, 3], health: 9000), to: a.page)
            try TestSupport.write(Self.page(ok: [40, 40, 40, 40, 40], errors: []), to: b.page)
            try TestSupport.write(Self.page(ok: [5, 5, 5, 5, 5], errors: []), to: c.page)
            let sample = await source.sample(SampleRequest(window: .seconds(30), now: start.addingTimeInterval(10), targets: targets))
            #expect(sample.problems.isEmpty, "\(sample.problems)")

            // r2 answered: cumulative [90, 140, 190, 200, 200], 2 errors of 202.
            #expect(sample.reading(.requests, revision: r2)?.value == 202)
            #expect(sample.reading(.requestRate, revision: r2)?.value == 20.2)
            #expect(sample.reading(.errorRate, revision: r2)?.value == 2.0 / 202)
            #expect(sample.reading(.errorRate, revision: r2)?.samples == 202)
            // P50: rank 100, 10 of 50 in [0.05, 0.1]; P95: rank 190, top of [0.1, 0.2]; P99: rank 198, 8 of 10 in [0.2, 0.5].
            #expect(abs(try #require(sample.reading(.latencyP50, revision: r2)?.value) - 0.06) < 1e-12)
            #expect(abs(try #require(sample.reading(.latencyP95, revision: r2)?.value) - 0.2) < 1e-12)
            #expect(abs(try #require(sample.reading(.latencyP99, revision: r2)?.value) - 0.44) < 1e-12)
            #expect(sample.latencyHistograms[r2]?.buckets.map(\.count) == [90, 140, 190, 200, 200])
            #expect(sample.reading(.latencyP95, revision: r2)?.source == "instance /metrics")

            // r1's counters went down: it restarted, so its counts since start are the window's.
            #expect(sample.reading(.requests, revision: r1)?.value == 5)
            #expect(sample.reading(.requests, revision: r1)?.source.contains("since instance start") == true)
        }
    }

    @Test func unreachableInstanceIsAProblem() async throws {
        let port = try TestSupport.freePort()
        let source = InstanceMetricsSource()
        let sample = await source.sample(SampleRequest(window: .seconds(30), targets: [InstanceTarget(revision: RevisionID("r2"), id: "api-r2-1", endpoint: .loopback(port))]))
        #expect(sample.readings.isEmpty)
        #expect(sample.problems == ["cannot scrape api-r2-1 of r2 (connection refused by 127.0.0.1:\(port))"])
    }
}

