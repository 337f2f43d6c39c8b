import Foundation
import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// A real managed Prometheus in a temporary directory: started on a free loopback port and ready, reused
/// (and reloaded with SIGHUP when its configuration changes) from its record, and stopped by PID.
@Suite(.serialized) struct PrometheusServerTests {
    @Test(.timeLimit(.minutes(2))) func startsIsReusedReloadsAndStops() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("prometheus")
        defer { TestSupport.remove(directory) }
        let server = PrometheusServer(directory: directory + "/prometheus")
        let targets = directory + "/prometheus/targets.json"
        let record = try await server.ensureRunning(scrapeInterval: .seconds(1), targetsFile: targets, existing: nil)
        defer { TestSupport.forceKill(record.processRecord) }
        let pid = try #require(record.pid)

        #expect(record.managed && record.kind == "prometheus" && record.host == "127.0.0.1" && record.url == "http://127.0.0.1:\(record.port)")
        #expect(ProcStat.read(pid: pid)?.session == pid)
        #expect(await PrometheusServer.isReady(port: record.port))
        #expect(TestSupport.log(server.configPath).contains("scrape_interval: 1s"))
        #expect(FileManager.default.fileExists(atPath: server.dataDirectory))

        // Reused as it is; a new interval is written and loaded without a restart.
        #expect(try await server.ensureRunning(scrapeInterval: .seconds(1), targetsFile: targets, existing: record) == record)
        #expect(try await server.ensureRunning(scrapeInterval: .seconds(2), targetsFile: targets, existing: record) == record)
        let reloaded = await TestSupport.waitUntil(timeout: .seconds(20)) {
            guard case .success(let response) = await HTTPFetch.get(host: "127.0.0.1", port: record.port, path: "/api/v1/status/config", timeout: .seconds(2)) else { return false }
            return response.text.contains("scrape_interval: 2s")
        }
        #expect(reloaded, "\(TestSupport.log(server.logPath).suffix(2000))")

        #expect(try await server.stop(record, timeout: .seconds(20)) == .exited(code: 0))
        #expect(!TestSupport.isAlive(pid: pid, startTime: try #require(record.processStartTime)))
        #expect(!(await PrometheusServer.isReady(port: record.port, timeout: .seconds(1))))
    }

    @Test func aMissingExecutableFailsBeforeAnythingRuns() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("prometheus")
        defer { TestSupport.remove(directory) }
        let server = PrometheusServer(directory: directory, executable: "turnout-no-such-prometheus")
        await #expect(throws: RuntimeError.self) {
            _ = try await server.ensureRunning(scrapeInterval: .seconds(1), targetsFile: directory + "/t.json", existing: nil)
        }
    }
}
