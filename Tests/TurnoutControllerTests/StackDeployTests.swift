import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutManifest

/// The bundled API and worker deployed by Turnout with its own Redis and PostgreSQL, as processes and as
/// containers: jobs keep flowing while the workers are replaced, and every job is completed exactly once; the
/// API serves through nginx with no failed request while it is rolled.
@Suite(.serialized) struct StackDeployTests {
    static func stack(_ runtime: RuntimeKind, workers: Int = 2) async throws -> StackHarness {
        if runtime == .docker { try await StackImages.shared.ensureBuilt() }
        return try StackHarness(workers: workers, runtime: runtime)
    }

    @Test(.timeLimit(.minutes(4)), arguments: [RuntimeKind.local, .docker])
    func workersRollWithJobsFlowingAndEveryJobIsDoneExactlyOnce(_ runtime: RuntimeKind) async throws {
        let stack = try await Self.stack(runtime)
        let first = try await stack.deploy("v1")
        #expect(first.succeeded, "\(stack.transcript)")
        guard first.succeeded else { await stack.tearDown(); return }
        let load = LoadGenerator.start(LoadOptions(targets: [HTTPTarget(host: "127.0.0.1", port: stack.port, path: "/api/v1/posts")],
                                                   connections: 8, duration: .seconds(300)))
        // Enqueue batches of jobs while v2 rolls out.
        let stream = EmailJobStream(stack: stack, batch: 25, every: .milliseconds(100)) { $0 % 5 == 0 ? "high" : "low" }
        try await Task.sleep(for: .seconds(1))
        let second = try await stack.deploy("v2")
        try await Task.sleep(for: .seconds(1))
        let produced = await stream.stop()
        let enqueued = produced.enqueued
        #expect(produced.unanswered.isEmpty, "requests the API may or may not have enqueued: \(produced.unanswered)")
        let report = await load.stop()
        #expect(second.succeeded, "\(stack.transcript)")
        #expect(enqueued > 100)
        // Wait until the new workers have done everything.
        let completed = try await stack.expectEveryEmailJobDoneOnce(enqueued)
        #expect(report.failedRequests == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v2"], "\(report.timeline.suffix(2))")
        print("stack (\(runtime)): \(enqueued) jobs enqueued during the deploy, \(completed) completed; API: \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        await stack.tearDown()
    }

    @Test(.timeLimit(.minutes(3)), arguments: [RuntimeKind.local, .docker])
    func blueGreenOfTheBundledAPIUnderLoadFailsNoRequest(_ runtime: RuntimeKind) async throws {
        let stack = try await Self.stack(runtime, workers: 1)
        #expect(try await stack.deploy("v1").succeeded, "\(stack.transcript)")
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(1))
        let result = try await stack.deploy("v2", strategy: "quick-blue-green")
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.succeeded, "\(stack.transcript)")
        #expect(report.failedRequests == 0 && report.socketErrors == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v2"])
        print("blue-green of the bundled API (\(runtime)): \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        await stack.tearDown()
    }

    /// A release that crashes after it took traffic (mid-canary) is rolled back; the retrying client loses nothing.
    @Test(.timeLimit(.minutes(3)), arguments: [RuntimeKind.local, .docker])
    func aReleaseThatCrashesAfterTakingTrafficIsRolledBack(_ runtime: RuntimeKind) async throws {
        let stack = try await Self.stack(runtime, workers: 1)
        #expect(try await stack.deploy("v1").succeeded, "\(stack.transcript)")
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(1))
        let result = try await stack.deploy("v2", strategy: "quick-canary", api: ["TURNOUT_FAULT_CRASH_AFTER": "5s"])
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        #expect(result.outcome == "rolled_back", "\(stack.transcript)")
        #expect(result.reason?.contains("crashed") == true, "\(result.reason ?? "")")
        #expect(report.versions["v2", default: 0] > 0, "the canary never took traffic: \(report.text)")
        #expect(report.failedRequests == 0, "\(report.text)")
        #expect(Set(report.versions(inLast: 1).keys) == ["v1"])
        print("crash mid-canary (\(runtime)): \(result.reason ?? ""); \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        await stack.tearDown()
    }
}
