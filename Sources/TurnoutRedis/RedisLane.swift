import Foundation

/// One connection of a ``RedisMultiplexer`` and the thread that drives it: callers queue groups of commands,
/// the thread sends everything queued as one pipeline and resumes each caller with its group's replies.
/// A connection failure fails the batch in flight (its callers get the error) and the next batch reconnects.
final class RedisLane: @unchecked Sendable {
    private struct Group {
        let commands: [[[UInt8]]]
        let queuedAt: UInt64
        let queuedBehindBatch: Bool
        let continuation: CheckedContinuation<[RedisReply], any Error>
    }

    /// The most commands sent in one write; more wait for the next.
    static let maximumBatch = 512

    private let connection: RedisConnection
    private let condition = NSCondition()
    private var queued: [Group] = []
    private var inFlight = 0
    private var closed = false
    private var counters = RedisPoolStats()

    init(endpoint: RedisEndpoint, name: String) {
        connection = RedisConnection(endpoint: endpoint)
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 512 * 1024
        thread.start()
    }

    /// Commands queued or in flight, to pick the least loaded lane.
    var load: Int { condition.withLock { inFlight + queued.count } }

    var stats: RedisPoolStats { condition.withLock { counters } }

    /// Queues `commands` (kept together, in order) and returns their replies.
    func submit(_ commands: [[[UInt8]]]) async throws -> [RedisReply] {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            guard !closed else {
                condition.unlock()
                continuation.resume(throwing: RedisError.poolClosed)
                return
            }
            let behind = inFlight > 0 || !queued.isEmpty
            if behind { counters.waits += 1 }
            queued.append(Group(commands: commands, queuedAt: DispatchTime.now().uptimeNanoseconds, queuedBehindBatch: behind,
                                continuation: continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Lets the thread send what is queued, then end.
    func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    private func run() {
        while let batch = nextBatch() {
            let commands = batch.flatMap(\.commands)
            do {
                var replies = try connection.pipeline(commands)[...]
                for group in batch {
                    group.continuation.resume(returning: Array(replies.prefix(group.commands.count)))
                    replies = replies.dropFirst(group.commands.count)
                }
            } catch {
                for group in batch { group.continuation.resume(throwing: error) }
            }
            condition.withLock {
                inFlight = 0
                counters.leased = 0
                counters.open = connection.isConnected ? 1 : 0
            }
        }
        connection.close()
        condition.withLock { counters.open = 0 }
    }

    /// Waits for queued commands and takes up to ``maximumBatch`` of them (whole groups); nil once closed and
    /// drained.
    private func nextBatch() -> [Group]? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty && !closed { condition.wait() }
        guard !queued.isEmpty else { return nil }
        var count = 0
        var taken = 0
        while taken < queued.count, taken == 0 || count + queued[taken].commands.count <= Self.maximumBatch {
            count += queued[taken].commands.count
            taken += 1
        }
        let batch = Array(queued.prefix(taken))
        queued.removeFirst(taken)
        inFlight = count
        counters.leased = 1
        let now = DispatchTime.now().uptimeNanoseconds
        for group in batch where group.queuedBehindBatch {
            counters.waitSeconds += Double(now &- group.queuedAt) / 1_000_000_000
        }
        return batch
    }
}
