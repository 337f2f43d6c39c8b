import Foundation
import Testing
@testable import TurnoutController
import TurnoutManifest
import TurnoutAnalysis
import TurnoutRuntime
import TurnoutStrategies

/// The analysis over nginx's JSON access log: attribution of attempts to revisions, and the verdicts the
/// analysis engine reaches from them.
@Suite struct AccessLogAnalysisTests {
    static func line(_ time: Date, status: Int, upstreams: String, statuses: String, times: String) -> String {
        let stamp = ISO8601DateFormatter().string(from: time)
        return #"{"time":"\#(stamp)","remote_addr":"127.0.0.1","method":"GET","uri":"/x","status":\#(status),"request_time":0.010,"upstream_addr":"\#(upstreams)","upstream_status":"\#(statuses)","upstream_response_time":"\#(times)","bytes_sent":10,"version":"v"}"#
    }

    static func writeLog(_ lines: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "access-\(UUID().uuidString).log"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let instances = [
        TrafficPlannerTests.instance("web-r1-1", revision: 1, port: 9001), TrafficPlannerTests.instance("web-r2-1", revision: 2, port: 9101),
    ]

    static func context(_ path: String) -> AnalysisContext {
        let service = Service(name: "web", role: .web, command: ["a"], port: 8000)
        return AnalysisContext(service: service, slo: SLO(), instances: instances, accessLogPath: path, now: Date())
    }

    static func request(minSamples: Int = 10) -> AnalysisRequest {
        AnalysisRequest(purpose: .canaryStep, policy: AnalysisPolicy(interval: .seconds(1), window: .seconds(30), minSamples: minSamples),
                        candidate: "r2", baseline: "r1")
    }

    @Test func readsOnlyTheWindowAndAttributesRetriesToEachUpstream() throws {
        let now = Date()
        let path = try Self.writeLog([
            Self.line(now.addingTimeInterval(-120), status: 200, upstreams: "127.0.0.1:9101", statuses: "500", times: "0.001"),
            Self.line(now.addingTimeInterval(-5), status: 200, upstreams: "127.0.0.1:9101, 127.0.0.1:9001", statuses: "502, 200", times: "0.000, 0.020"),
            Self.line(now.addingTimeInterval(-1), status: 200, upstreams: "127.0.0.1:9101", statuses: "200", times: "0.030"),
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = try AccessLogReader(path: path).entries(since: now.addingTimeInterval(-30))
        #expect(entries.count == 2)
        let samples = AccessLogSamples.samples(entries, instances: Self.instances)
        #expect(samples["r2"]?.requests == 2 && samples["r2"]?.errors == 1)
        #expect(samples["r1"]?.requests == 1 && samples["r1"]?.errors == 0 && samples["r1"]?.latencies == [0.020])
    }

    @Test func verdictsNameTheMetricValueAndThreshold() async throws {
        let now = Date()
        var lines: [String] = []
        for index in 0..<100 {
            let failing = index < 5
            lines.append(Self.line(now.addingTimeInterval(-2), status: failing ? 500 : 200, upstreams: "127.0.0.1:9101",
                                   statuses: failing ? "500" : "200", times: "0.010"))
            lines.append(Self.line(now.addingTimeInterval(-2), status: 200, upstreams: "127.0.0.1:9001", statuses: "200", times: "0.010"))
        }
        let path = try Self.writeLog(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let verdict = await MetricAnalysis().analyze(Self.request(), context: Self.context(path))
        // 5 errors in 100 requests against a 0.1 % objective is a clear breach (fails the step at once).
        guard case .breach(let reason) = verdict else { Issue.record("expected a clear breach, got \(verdict)"); return }
        #expect(reason.contains("error_rate") && reason.contains("5.00%") && reason.contains("0.1%"), "\(reason)")
        #expect(reason.contains("a clear breach: 5 of 100 requests failed"), "\(reason)")
    }

    @Test func tooFewRequestsAreInconclusiveNeverAPass() async throws {
        let path = try Self.writeLog([Self.line(Date(), status: 200, upstreams: "127.0.0.1:9101", statuses: "200", times: "0.010")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let verdict = await MetricAnalysis().analyze(Self.request(minSamples: 50), context: Self.context(path))
        guard case .inconclusive(let reason) = verdict else { Issue.record("expected inconclusive, got \(verdict)"); return }
        #expect(reason.contains("1 request(s) reached r2"))
    }

    @Test func aSlowCanaryFailsAgainstTheStableBaselineInsideTheSLO() async throws {
        let now = Date()
        var lines: [String] = []
        for _ in 0..<100 {
            lines.append(Self.line(now, status: 200, upstreams: "127.0.0.1:9101", statuses: "200", times: "0.150"))
            lines.append(Self.line(now, status: 200, upstreams: "127.0.0.1:9001", statuses: "200", times: "0.020"))
        }
        let path = try Self.writeLog(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let verdict = await MetricAnalysis().analyze(Self.request(), context: Self.context(path))
        guard case .fail(let reason) = verdict else { Issue.record("expected a failure, got \(verdict)"); return }
        #expect(reason.contains("latency of r2 is +650% against r1 route by route (10%-trimmed means: /x 150 ms vs 20 ms)") && reason.contains("van Elteren"), "\(reason)")
    }
}

/// The access-log line reader against the exact format nginx writes.
@Suite struct AccessLogReaderTests {
    @Test func parsesTheTurnoutLogFormat() throws {
        let line = #"{"time":"2026-11-29T01:42:27+00:00","remote_addr":"127.0.0.1","method":"GET","uri":"/a?b=\"c\"","status":502,"request_time":0.012,"upstream_addr":"127.0.0.1:9101, 127.0.0.1:9001","upstream_status":"502, 200","upstream_response_time":"0.001, 0.010","bytes_sent":10,"version":"v2"}"#
        let entry = try #require(AccessLogReader.parse(Data(line.utf8)))
        #expect(entry.time == ISO8601DateFormatter().date(from: "2026-11-29T01:42:27Z"))
        #expect(entry.status == 502 && entry.requestTime == 0.012)
        #expect(entry.attempts.map(\.address) == ["127.0.0.1:9101", "127.0.0.1:9001"])
        #expect(entry.attempts.map(\.status) == [502, 200])
        #expect(entry.attempts.map(\.seconds) == [0.001, 0.010])
    }

    @Test func readsTimeZonesAndRejectsGarbage() {
        #expect(AccessLogReader.parseTime("2026-11-29T03:42:27+02:00") == ISO8601DateFormatter().date(from: "2026-11-29T01:42:27Z"))
        #expect(AccessLogReader.parseTime("2024-02-29T00:00:00+00:00") == ISO8601DateFormatter().date(from: "2024-02-29T00:00:00Z"))
        #expect(AccessLogReader.parse(Data("not json".utf8)) == nil)
        #expect(AccessLogReader.parse(Data(#"{"time":"yesterday"}"#.utf8)) == nil)
    }
}
