import Foundation

/// Many tasks' Redis commands over a few connections. Each lane owns one hiredis connection and one thread:
/// the thread takes every command queued on its lane, sends them as one pipelined write, and hands each
/// reply to its caller. Under load the batches grow by themselves, so a request costs a fraction of a
/// round trip and of a thread wake-up, where a connection leased per command (``RedisPool``) costs a whole
/// one each and, with every connection busy, queues the request for a lease.
///
/// Only for commands that answer at once: a blocking command (BLMOVE, BLPOP) would hold up every command
/// behind it on its lane. Commands of one ``pipeline(bytes:)`` call stay together and in order.
public final class RedisMultiplexer: RedisCommands, @unchecked Sendable {
    /// The endpoint every lane talks to.
    public let endpoint: RedisEndpoint
    private let lanes: [RedisLane]
    private let lock = NSLock()
    private var turn = 0

    /// Opens `connections` lanes (at least one; connections are made on first use and remade after a failure).
    public init(endpoint: RedisEndpoint, connections: Int) {
        self.endpoint = endpoint
        lanes = (0..<max(1, connections)).map { RedisLane(endpoint: endpoint, name: "turnout.redis.lane.\($0)") }
    }

    /// Counters summed over the lanes: `open` connections, `leased` lanes with a batch in flight, `waits`
    /// commands that queued behind a batch in flight and `waitSeconds` they spent queued.
    public var stats: RedisPoolStats {
        lanes.map(\.stats).reduce(into: RedisPoolStats()) { total, lane in
            total.open += lane.open
            total.leased += lane.leased
            total.waits += lane.waits
            total.waitSeconds += lane.waitSeconds
        }
    }

    public func command(_ arguments: [String]) async throws -> RedisReply {
        try await command(bytes: arguments.map { Array($0.utf8) })
    }

    public func command(bytes arguments: [[UInt8]]) async throws -> RedisReply {
        guard let reply = try await pipeline(bytes: [arguments]).first else { throw RedisError.unexpectedReply("no reply") }
        return reply
    }

    public func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        try await pipeline(bytes: commands.map { $0.map { Array($0.utf8) } })
    }

    public func pipeline(bytes commands: [[[UInt8]]]) async throws -> [RedisReply] {
        if commands.isEmpty { return [] }
        // Checked here: in a lane, an empty command would fail the other callers' commands of its batch too.
        guard !commands.contains(where: { $0.isEmpty }) else { throw RedisError.unexpectedReply("empty command") }
        return try await nextLane().submit(commands)
    }

    /// Stops the lanes once they have sent what is queued; later commands throw ``RedisError/poolClosed``.
    public func close() {
        for lane in lanes { lane.close() }
    }

    /// The least loaded lane, the next one in turn among equals.
    private func nextLane() -> RedisLane {
        let start: Int = lock.withLock {
            turn = (turn + 1) % lanes.count
            return turn
        }
        var best = lanes[start]
        var bestLoad = best.load
        for offset in 1..<lanes.count where bestLoad > 0 {
            let lane = lanes[(start + offset) % lanes.count]
            let load = lane.load
            if load < bestLoad { (best, bestLoad) = (lane, load) }
        }
        return best
    }
}
