import Foundation
import Testing

extension Integration {
    /// Each fault-injection switch of the API, and graceful drain (Redis db 3).
    @Suite struct APIFaultTests {
        static let db = 3

        func metric(_ text: String, _ line: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(line + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        }

        @Test func errorRateFromEnvironmentSparesHealthEndpoints() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db, environment: ["TURNOUT_FAULT_ERROR_RATE": "1"])
            for _ in 0..<5 {
                let response = try await client.get("/api/v1/posts")
                #expect(response.status == 500)
                #expect((response.json["error"] as? [String: Any])?["code"] as? String == "injected_fault")
            }
            #expect(try await client.get("/api/v1/health").status == 200)
            try await waitUntil(timeout: 30, what: "ready") { try await client.get("/api/v1/ready").status == 200 }
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metric(metrics.text, "turnout_faults_injected_total{kind=\"error\"}") == 5)
            #expect(metrics.text.contains("route=\"/api/v1/posts\",status=\"5xx\""))
            await app.stop()
        }

        @Test func neverReadyLatencyCpuBurnAndDisabledCache() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db, extra: [
                "--fault-never-ready", "--fault-latency", "300ms", "--fault-latency-rate", "1",
                "--fault-cpu-burn", "0.5", "--fault-disable-cache",
            ])
            let ready = try await client.get("/api/v1/ready")
            #expect(ready.status == 503)
            #expect((ready.json["reasons"] as? [String] ?? []).contains { $0.contains("never-ready") })
            #expect(try await client.get("/api/v1/health").status == 200)

            let start = Date()
            let first = try await client.get("/api/v1/posts/1")
            #expect(Date().timeIntervalSince(start) >= 0.3)
            #expect(first.status == 200)
            #expect(first.header("X-Cache") == "miss")
            #expect(try await client.get("/api/v1/posts/1").header("X-Cache") == "miss", "cache disabled: still a miss")
            let text = try await client.get("/metrics").text
            #expect(metric(text, "turnout_faults_injected_total{kind=\"latency\"}") == 2, "health/ready/metrics are not delayed")
            #expect(metric(text, "cache_hits_total") == 0)
            #expect(metric(text, "cache_misses_total") == 2)

            let cpuBefore = app.cpuSeconds
            // Asks for half a core over 3 s; an idle API uses almost none. The bound
            // (a tenth of a core) leaves room for a loaded 2-core machine.
            let window = 3.0
            try await Task.sleep(for: .seconds(window))
            let burned = app.cpuSeconds - cpuBefore
            #expect(burned >= 0.1 * window, "burned \(burned) CPU seconds in \(window) s with --fault-cpu-burn 0.5")
            await app.stop()
        }

        @Test func slowStartDelaysListening() async throws {
            let launched = Date()
            let (app, client) = try await APILauncher.start(redisDB: Self.db, extra: ["--fault-slow-start", "2s"])
            #expect(Date().timeIntervalSince(launched) >= 2)
            #expect(try await client.get("/api/v1/health").status == 200)
            await app.stop()
        }

        @Test func crashAfterExitsNonZero() async throws {
            let (app, _) = try await APILauncher.start(redisDB: Self.db, extra: ["--fault-crash-after", "1s"])
            let status = await app.waitForExit(timeout: 30)
            #expect(status != nil && status != 0)
        }

        @Test func sigtermDrainsWithoutFailingRequests() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db, extra: [
                "--drain-delay", "1s", "--shutdown-timeout", "20s", "--fault-latency", "1500ms",
            ])
            try await waitUntil(timeout: 30, what: "ready") { try await client.get("/api/v1/ready").status == 200 }
            let inFlight = (0..<8).map { index in
                Task { try await client.get("/api/v1/posts/\(index + 1)") }
            }
            try await waitUntil(timeout: 30, what: "requests in flight") {
                let text = try await client.get("/metrics").text
                return (metric(text, "http_requests_in_flight") ?? 0) >= 9
            }
            app.signal(SIGTERM)
            try await waitUntil(timeout: 5, what: "not ready while draining") {
                try await client.get("/api/v1/ready").status == 503
            }
            // During the drain delay new requests are still served.
            #expect(try await client.get("/api/v1/health").status == 200)
            for task in inFlight {
                let response = try await task.value
                #expect(response.status == 200, "in-flight request failed: \(response.status)")
            }
            #expect(await app.waitForExit(timeout: 30) == 0)
        }
    }
}
