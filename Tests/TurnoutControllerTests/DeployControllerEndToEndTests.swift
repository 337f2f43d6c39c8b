import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutState

/// Deploys through real nginx and real processes (the tiny_app fixture) under continuous load: no request a
/// retrying client sends may fail, and traffic must end on the right version.
@Suite(.serialized) struct DeployControllerEndToEndTests {
    /// Deploys v1, then v2 with `strategy` under load, and checks the outcome and the traffic.
    func assertZeroFailureDeploy(strategy: String) async throws {
        let harness = try ControllerHarness()
        defer { Task { await harness.tearDown() } }
        let first = try await harness.deploy("v1")
        #expect(first.succeeded, "\(harness.transcript)")
        let load = harness.startLoad()
        try await Task.sleep(for: .seconds(1))
        let second = try await harness.deploy("v2", strategy: strategy)
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(second.succeeded, "\(harness.transcript)")
        #expect(report.failedRequests == 0, "\(report.text)\n\(harness.transcript)")
        #expect(report.versions["v1", default: 0] > 0 && report.versions["v2", default: 0] > 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v2"], "\(report.timeline.suffix(2))")
        let status = try await harness.controller.status()
        #expect(status.services.first?.instances.map(\.revision) == [2, 2, 2])
        #expect(status.services.first?.instances.allSatisfy { $0.state == "healthy" } == true)
        print("\(strategy): \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        await harness.tearDown()
    }

    @Test(.timeLimit(.minutes(2))) func rollingDeployUnderLoadFailsNoRequest() async throws {
        try await assertZeroFailureDeploy(strategy: "quick-rolling")
    }

    @Test(.timeLimit(.minutes(2))) func canaryDeployUnderLoadFailsNoRequest() async throws {
        try await assertZeroFailureDeploy(strategy: "quick-canary")
    }

    @Test(.timeLimit(.minutes(2))) func blueGreenDeployUnderLoadFailsNoRequest() async throws {
        try await assertZeroFailureDeploy(strategy: "quick-blue-green")
    }

    /// A bad release is rolled back automatically; traffic stays on (or returns to) v1; history keeps why.
    func assertRolledBack(strategy: String, environment: [String: String], reasonContains expected: String) async throws {
        let harness = try ControllerHarness()
        let first = try await harness.deploy("v1")
        #expect(first.succeeded, "\(harness.transcript)")
        let load = harness.startLoad()
        try await Task.sleep(for: .seconds(1))
        let second = try await harness.deploy("v2", strategy: strategy, environment: environment)
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(second.outcome == "rolled_back", "\(harness.transcript)")
        #expect(second.reason?.contains(expected) == true, "reason: \(second.reason ?? "none")")
        #expect(Set(report.versions(inLast: 1).keys) == ["v1"], "\(report.timeline.suffix(2))")
        let history = try harness.controller.history()
        #expect(history.first?.outcome == .rolledBack && history.first?.reason?.contains(expected) == true)
        let status = try await harness.controller.status()
        #expect(status.services.first?.instances.map(\.revision) == [1, 1, 1], "\(status.text)")
        await harness.tearDown()
        // Requests that reached a failing canary before the analysis caught it are the only failures allowed.
        if expected != "error_rate" {
            #expect(report.failedRequests == 0, "\(report.text)\n\(harness.transcript)")
        } else {
            #expect(report.failureRate < 0.05, "\(report.text)")
        }
    }

    @Test(.timeLimit(.minutes(2))) func releaseThatNeverBecomesReadyIsRolledBack() async throws {
        try await assertRolledBack(strategy: "quick-rolling", environment: ["FAULT_NEVER_READY": "1"], reasonContains: "healthy")
    }

    @Test(.timeLimit(.minutes(2))) func releaseThatCrashesAfterStartIsRolledBack() async throws {
        try await assertRolledBack(strategy: "quick-canary", environment: ["FAULT_CRASH_AFTER": "2"], reasonContains: "crashed")
    }

    @Test(.timeLimit(.minutes(2))) func canaryFailingRequestsIsRolledBackByTheAnalysis() async throws {
        try await assertRolledBack(strategy: "quick-canary", environment: ["FAULT_ERROR_RATE": "0.3"], reasonContains: "error_rate")
    }

    @Test(.timeLimit(.minutes(2))) func manualRollbackRestoresThePreviousRevisionUnderLoad() async throws {
        let harness = try ControllerHarness()
        #expect(try await harness.deploy("v1").succeeded)
        #expect(try await harness.deploy("v2").succeeded, "\(harness.transcript)")
        let load = harness.startLoad()
        try await Task.sleep(for: .seconds(1))
        let result = try await harness.controller.rollback()
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.succeeded && result.revision == 1, "\(harness.transcript)")
        #expect(report.failedRequests == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v1"])
        #expect(try harness.controller.history().first?.kind == .rollback)
        await harness.tearDown()
    }

    @Test(.timeLimit(.minutes(2))) func aSecondDeployIsRefusedWhileOneHoldsTheLock() async throws {
        let harness = try ControllerHarness()
        #expect(try await harness.deploy("v1").succeeded)
        async let slow = harness.deploy("v2", strategy: "quick-canary")
        try await Task.sleep(for: .seconds(2))
        await #expect(throws: LockHeldError.self) { _ = try await harness.deploy("v3") }
        _ = try await slow
        await harness.tearDown()
    }
}
