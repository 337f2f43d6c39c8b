import Foundation
import Synchronization

/// Email jobs posted to the stack's API in batches on a fixed schedule until `stop()`, counting the jobs
/// the API accepted.
///
/// Stopping is a flag the producer reads between batches, not task cancellation: cancelling would abandon a
/// request in flight that the API may already have enqueued, so the count would fall short of what the
/// workers later complete (and a queue would still hold jobs after "all" were done).
final class EmailJobStream: Sendable {
    /// What the stream did: jobs the API answered 202 for, and requests whose fate is unknown (the client
    /// failed before an answer, so the API may or may not have enqueued them).
    struct Outcome {
        var enqueued: Int
        var unanswered: [String]
    }

    private let stopFlag: StopFlag
    private let producer: Task<Outcome, Never>

    /// Starts posting `batch` jobs every `interval` (on a fixed schedule, so a slow answer does not lower
    /// the rate); `priority` names each job's priority from its index in the batch (nil: the default).
    init(stack: StackHarness, batch: Int, every interval: Duration, priority: @escaping @Sendable (Int) -> String? = { _ in nil }) {
        let flag = StopFlag()
        stopFlag = flag
        producer = Task {
            var outcome = Outcome(enqueued: 0, unanswered: [])
            let start = ContinuousClock.now
            var tick = 0
            while !flag.isSet {
                let tasks = (0..<batch).map { index in
                    let level = priority(index).map { #","priority":"\#($0)""# } ?? ""
                    return #"{"type":"email"\#(level),"payload":{"to":"user\#(outcome.enqueued + index)@example.com"}}"#
                }
                do {
                    let (status, _) = try await stack.post("/api/v1/tasks/batch", #"{"tasks":[\#(tasks.joined(separator: ","))]}"#)
                    if status == 202 { outcome.enqueued += batch }
                } catch {
                    outcome.unanswered.append("\(error)")
                }
                tick += 1
                await Self.sleep(until: start + interval * tick, unless: flag)
            }
            return outcome
        }
    }

    /// Stops after the request in flight (if any) is answered, and returns what the stream did.
    func stop() async -> Outcome {
        stopFlag.set()
        return await producer.value
    }

    private static func sleep(until deadline: ContinuousClock.Instant, unless flag: StopFlag) async {
        while !flag.isSet, ContinuousClock.now < deadline {
            try? await Task.sleep(for: min(.milliseconds(20), deadline - ContinuousClock.now))
        }
    }
}

/// A one-way flag shared between a test and the task it stops.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
