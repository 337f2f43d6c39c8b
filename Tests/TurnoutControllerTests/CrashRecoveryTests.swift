import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutState

/// `kill -9` of a `turnout deploy` process in the middle of each strategy, then `turnout rollback` (or
/// `resume`) in-process: state stays consistent, traffic is served throughout, and nothing is left behind.
@Suite(.serialized) struct CrashRecoveryTests {
    func killDeploy(_ harness: ControllerHarness, strategy: String, marker: String) async throws {
        try await DeployKiller.kill(manifest: harness.manifestPath, stateDirectory: harness.directory + "/state", strategy: strategy, marker: marker)
    }

    @Test(.timeLimit(.minutes(2)), arguments: [
        ("quick-rolling", "upstream: web-r1-2, web-r1-3, web-r2-1"),
        ("quick-canary", "traffic r2=20%"),
        ("quick-blue-green", "all traffic to r2"),
    ])
    func killedMidDeployThenRolledBack(strategy: String, marker: String) async throws {
        let harness = try ControllerHarness()
        #expect(try await harness.deploy("v1").succeeded)
        let load = harness.startLoad()
        try await killDeploy(harness, strategy: strategy, marker: marker)
        let interrupted = try await harness.controller.status()
        #expect(interrupted.interrupted, "\(interrupted.text)")
        #expect(interrupted.unfinishedDeploy?.revision == 2)
        let result = try await harness.controller.rollback()
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.succeeded && result.revision == 1, "\(harness.transcript)")
        #expect(report.failedRequests == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v1"])
        let status = try await harness.controller.status()
        #expect(!status.interrupted && status.unfinishedDeploy == nil)
        #expect(status.services.first?.instances.map(\.revision) == [1, 1, 1], "\(status.text)")
        #expect(status.services.first?.instances.allSatisfy { $0.state == "healthy" } == true, "\(status.text)")
        #expect(try harness.controller.history().map(\.outcome).prefix(2) == [.promoted, .rolledBack])
        // What `turnout rollback --output json` reports says what happens in words, not `pending#0`.
        let events = try harness.controller.events(of: result.deployID)
        #expect(InternalLabels.leaks(in: events).isEmpty, "\(events.map(\.message))")
        #expect(events.contains { $0.kind == "step" && $0.message == "web: rollback started" }, "\(events.map(\.message))")
        print("\(strategy) killed at '\(marker)', rolled back: \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        await harness.tearDown()
    }

    @Test(.timeLimit(.minutes(2))) func killedMidCanaryThenResumedToTheEnd() async throws {
        let harness = try ControllerHarness()
        #expect(try await harness.deploy("v1").succeeded)
        let load = harness.startLoad()
        try await killDeploy(harness, strategy: "quick-canary", marker: "traffic r2=50%")
        let result = try await harness.controller.resume()
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.succeeded && result.revision == 2, "\(harness.transcript)")
        #expect(report.failedRequests == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v2"])
        let status = try await harness.controller.status()
        #expect(status.services.first?.instances.map(\.revision) == [2, 2, 2], "\(status.text)")
        await harness.tearDown()
    }
}
