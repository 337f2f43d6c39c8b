import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutManifest

/// The bundled images rolled out on the Docker Engine under load through Turnout's nginx: the same cases as
/// the local runtime's end-to-end suites. A good release is promoted with no failed request; bad ones are
/// rolled back with the right reason; `kill -9` of `turnout deploy` mid-canary is undone or resumed.
@Suite(.serialized) struct DockerStackTests {
    static func stack() async throws -> StackHarness {
        try await StackImages.shared.ensureBuilt()
        return try StackHarness(workers: 1, runtime: .docker)
    }

    @Test(.timeLimit(.minutes(3)), arguments: ["quick-rolling", "quick-canary"])
    func aGoodReleaseUnderLoadFailsNoRequest(_ strategy: String) async throws {
        let stack = try await Self.stack()
        defer { Task { await stack.tearDown() } }
        #expect(try await stack.deploy("v1").succeeded, "\(stack.transcript)")
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(1))
        let result = try await stack.deploy("v2", strategy: strategy)
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.succeeded, "\(stack.transcript)")
        #expect(report.failedRequests == 0 && report.socketErrors == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v2"], "\(report.timeline.suffix(2))")
        print("docker \(strategy): \(report.text.replacingOccurrences(of: "\n", with: "; "))")
    }

    @Test(.timeLimit(.minutes(3)), arguments: [
        ("TURNOUT_FAULT_LATENCY", "300ms", "latency_p95"),
        ("TURNOUT_FAULT_ERROR_RATE", "0.05", "error_rate"),
        ("TURNOUT_FAULT_NEVER_READY", "1", "healthy"),
    ])
    func aBadCanaryIsRolledBackWithTheReason(_ fault: String, _ value: String, _ reason: String) async throws {
        let stack = try await Self.stack()
        defer { Task { await stack.tearDown() } }
        #expect(try await stack.deploy("v1").succeeded, "\(stack.transcript)")
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(1))
        let result = try await stack.deploy("v2", strategy: "quick-canary", api: [fault: value])
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.outcome == "rolled_back", "\(stack.transcript)")
        #expect(result.reason?.contains(reason) == true, "\(result.reason ?? "")")
        #expect(report.failureRate < 0.01, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v1"])
        print("docker canary with \(fault)=\(value): \(result.reason ?? ""); \(report.text.replacingOccurrences(of: "\n", with: "; "))")
    }

    @Test(.timeLimit(.minutes(3)), arguments: ["rollback", "resume"])
    func killedMidCanaryThenRecovered(_ recovery: String) async throws {
        let stack = try await Self.stack()
        defer { Task { await stack.tearDown() } }
        #expect(try await stack.deploy("v1").succeeded, "\(stack.transcript)")
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(1))
        try await DeployKiller.kill(manifest: stack.manifestPath, stateDirectory: stack.directory + "/state", strategy: "quick-canary",
                                    marker: "traffic r2=50%", within: 90)
        let interrupted = try await stack.controller.status()
        #expect(interrupted.interrupted, "\(interrupted.text)")
        let result = recovery == "rollback" ? try await stack.controller.rollback() : try await stack.controller.resume()
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        let expected = recovery == "rollback" ? 1 : 2
        #expect(result.succeeded && result.revision == expected, "\(stack.transcript)")
        #expect(report.failedRequests == 0, "\(report.text)")
        let status = try await stack.controller.status()
        let api = status.services.first { $0.name == "api" }
        #expect(api?.instances.map(\.revision) == [expected, expected], "\(status.text)")
        #expect(api?.instances.allSatisfy { $0.state == "healthy" && $0.handle.hasPrefix("container ") } == true, "\(status.text)")
        print("docker: killed mid-canary, then \(recovery): \(report.text.replacingOccurrences(of: "\n", with: "; "))")
    }
}
