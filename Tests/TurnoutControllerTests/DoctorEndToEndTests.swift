import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutManifest

/// `turnout doctor` on the real stack: one slow email worker (concurrency 1, jobs made 10× slower with the
/// worker's fault switch) behind a queue fed faster than it can drain, with GET traffic through nginx.
@Suite(.serialized) struct DoctorEndToEndTests {
    @Test(.timeLimit(.minutes(2))) func advisesMoreWorkersForAGrowingQueue() async throws {
        let stack = try StackHarness(workers: 1, workerConcurrency: 1)
        let slow = ["worker-email": [EnvironmentVariable(name: "TURNOUT_FAULT_JOB_DELAY_FACTOR", value: "10")]]
        let deployed = try await stack.deploy("v1", environment: slow)
        #expect(deployed.succeeded, "\(stack.transcript)")
        guard deployed.succeeded else { await stack.tearDown(); return }

        func enqueue(_ count: Int) async throws -> Bool {
            let tasks = (0..<count).map { #"{"type":"email","payload":{"to":"user\#($0)@example.com"}}"# }
            return try await stack.post("/api/v1/tasks/batch", #"{"tasks":[\#(tasks.joined(separator: ","))]}"#).0 == 202
        }
        // A backlog over the target, then a steady stream (about 250 jobs/s) while the doctor measures.
        for _ in 0..<3 { #expect(try await enqueue(100)) }
        let stream = EmailJobStream(stack: stack, batch: 25, every: .milliseconds(100))
        let load = LoadGenerator.start(LoadOptions(targets: [HTTPTarget(host: "127.0.0.1", port: stack.port, path: "/api/v1/posts")],
                                                   connections: 4, duration: .seconds(60)))
        let report = try await stack.controller.doctor(window: .seconds(5))
        _ = await stream.stop()
        _ = await load.stop()
        print("doctor on the test stack:\n\(report.text)")

        let queue = try #require(report.findings.first { $0.metric == "queue_length" && $0.subject == "email" }, "\(report.text)")
        #expect(queue.severity >= .action, "\(report.text)")
        #expect(queue.figures["workers"] == 1)
        let suggested = try #require(queue.figures["suggested_workers"], "\(queue.advice)")
        #expect(suggested > 1, "\(queue.advice)")
        #expect(queue.advice.contains("add workers"))
        #expect((queue.figures["arrival_per_second"] ?? 0) > (queue.figures["completion_per_second"] ?? 0))
        #expect((queue.figures["completion_per_second"] ?? 0) > 0, "the slow worker still completes jobs")

        // GETs went through nginx, so P95 is measured; it is an action exactly when above the 200 ms target.
        let p95 = try #require(report.findings.first { $0.metric == "latency_p95" && $0.subject == "api" }, "\(report.text)")
        #expect((p95.value > 0.2) == (p95.severity == .action), "\(p95)")
        #expect(p95.source.contains("nginx access log"))
        #expect(report.findings.contains { $0.metric == "cpu" && $0.subject == "worker-email" })
        // The API instances export their cache counters, so the cache finding is theirs, not Redis's server-wide one.
        let cache = try #require(report.findings.first { $0.metric == "cache_hit_rate" }, "\(report.text)")
        #expect(cache.source.contains("the API instances' cache_hits_total/cache_misses_total"), "\(cache.source)")
        await stack.tearDown()
    }
}
