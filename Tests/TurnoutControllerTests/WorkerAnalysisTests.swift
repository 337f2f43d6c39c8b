import Foundation
import Testing
import TurnoutController
import TurnoutManifest

/// Worker rollouts are analysed too: a release of the worker whose jobs take 10× longer is rolled back on
/// the queue it lets grow, the v1 workers run again, and every job enqueued meanwhile is done exactly once.
@Suite(.serialized) struct WorkerAnalysisTests {
    @Test(.timeLimit(.minutes(3))) func workersWithTenTimesSlowerJobsAreRolledBackOnTheQueueLength() async throws {
        // Two workers with 4 slots each and 50 ms emails complete about 160 jobs/s; the stream below is 100/s.
        let stack = try StackHarness(workers: 2, workerConcurrency: 4, workerArguments: ["--email-duration-min", "50ms", "--email-duration-max", "50ms"])
        let first = try await stack.deploy("v1")
        #expect(first.succeeded, "\(stack.transcript)")
        guard first.succeeded else { await stack.tearDown(); return }
        func pending() throws -> Int {
            try stack.redisInteger(["LLEN", "turnout:queue:email:high"]) + stack.redisInteger(["LLEN", "turnout:queue:email:low"])
        }

        // A steady 100 jobs/s: a batch of 10 every 100 ms, on a fixed schedule.
        let stream = EmailJobStream(stack: stack, batch: 10, every: .milliseconds(100))
        try await Task.sleep(for: .seconds(3))
        let steady = try pending()
        #expect(steady < 50, "the v1 workers keep up with the stream: \(steady) pending")

        let slow = ["worker-email": [EnvironmentVariable(name: "TURNOUT_FAULT_JOB_DELAY_FACTOR", value: "10")]]
        let clock = ContinuousClock.now
        let result = try await stack.deploy("v2", strategy: "queue-canary", environment: slow)
        let took = ContinuousClock.now - clock
        try await Task.sleep(for: .seconds(1))
        let produced = await stream.stop()
        let enqueued = produced.enqueued
        #expect(produced.unanswered.isEmpty, "requests the API may or may not have enqueued: \(produced.unanswered)")

        #expect(result.outcome == "rolled_back", "\(stack.transcript)")
        #expect(result.reason?.contains("worker-email") == true && result.reason?.contains("queue_length") == true, "\(result.reason ?? "")")
        let status = try await stack.controller.status()
        let workers = try #require(status.services.first { $0.name == "worker-email" })
        #expect(workers.instances.map(\.revision) == [first.revision, first.revision], "\(status.text)")
        #expect(workers.instances.allSatisfy { $0.state == "healthy" }, "\(status.text)")

        // Every job is completed exactly once, by the v1 workers after the rollback.
        #expect(enqueued > 500)
        let completed = try await stack.expectEveryEmailJobDoneOnce(enqueued, within: 40)
        #expect(try pending() == 0)
        print("slow workers: \(result.outcome) after \(took): \(result.reason ?? ""); \(enqueued) jobs enqueued, \(completed) completed")
        await stack.tearDown()
    }
}
