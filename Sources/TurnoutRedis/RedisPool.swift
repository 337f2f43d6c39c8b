import Dispatch

/// Counters describing how a ``RedisPool`` has been used.
public struct RedisPoolStats: Sendable, Equatable {
    /// Connections currently open (idle + leased).
    public var open: Int = 0
    /// Connections currently leased.
    public var leased: Int = 0
    /// Acquisitions that had to wait because every connection was leased.
    public var waits: Int = 0
    /// Total seconds spent waiting by those acquisitions.
    public var waitSeconds: Double = 0
    /// Acquisitions that gave up after the wait bound.
    public var timeouts: Int = 0
}

/// A bounded pool of Redis connections.
///
/// When every connection is leased, ``acquire()`` waits (FIFO) up to
/// `waitTimeout` for one to be released instead of failing at once, and throws
/// ``RedisError/poolTimeout(waitedSeconds:)`` only past that bound. Commands run
/// on each connection's dedicated queue (see ``RedisPooledConnection``).
public actor RedisPool {
    private struct Waiter {
        let id: UInt64
        let started: UInt64
        let continuation: CheckedContinuation<RedisPooledConnection, any Error>
    }

    /// Endpoint every connection uses.
    public nonisolated let endpoint: RedisEndpoint
    /// Maximum number of open connections.
    public nonisolated let maxConnections: Int
    /// How long an acquisition may wait for a free connection.
    public nonisolated let waitTimeout: Duration

    private var idle: [RedisPooledConnection] = []
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    private var closed = false
    private var counters = RedisPoolStats()

    /// Creates an empty pool; connections open on demand.
    public init(endpoint: RedisEndpoint, maxConnections: Int, waitTimeout: Duration = .seconds(2)) {
        self.endpoint = endpoint
        self.maxConnections = max(1, maxConnections)
        self.waitTimeout = waitTimeout
    }

    /// A snapshot of the pool counters.
    public var stats: RedisPoolStats { counters }

    /// Leases a connection, waiting up to `waitTimeout` when the pool is exhausted.
    public func acquire() async throws -> RedisPooledConnection {
        if closed { throw RedisError.poolClosed }
        if let connection = idle.popLast() {
            counters.leased += 1
            return connection
        }
        if counters.open < maxConnections {
            counters.open += 1
            counters.leased += 1
            return RedisPooledConnection(endpoint: endpoint, label: "turnout.redis.\(counters.open)")
        }
        counters.waits += 1
        nextWaiterID += 1
        let id = nextWaiterID
        let started = DispatchTime.now().uptimeNanoseconds
        let timeout = waitTimeout
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append(Waiter(id: id, started: started, continuation: continuation))
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(waiterID: id)
            }
        }
    }

    /// Returns a leased connection to the pool (or hands it to the oldest waiter).
    public func release(_ connection: RedisPooledConnection) {
        if closed {
            counters.leased -= 1
            counters.open -= 1
            connection.close()
            return
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            counters.waitSeconds += Self.seconds(since: waiter.started)
            waiter.continuation.resume(returning: connection)
            return
        }
        counters.leased -= 1
        idle.append(connection)
    }

    /// Closes idle connections and fails every waiter; later acquisitions throw.
    public func close() {
        closed = true
        for connection in idle { connection.close() }
        counters.open -= idle.count
        idle.removeAll()
        for waiter in waiters { waiter.continuation.resume(throwing: RedisError.poolClosed) }
        waiters.removeAll()
    }

    private func expire(waiterID: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == waiterID }) else { return }
        let waiter = waiters.remove(at: index)
        let waited = Self.seconds(since: waiter.started)
        counters.waitSeconds += waited
        counters.timeouts += 1
        waiter.continuation.resume(throwing: RedisError.poolTimeout(waitedSeconds: waited))
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds &- start) / 1_000_000_000
    }

    /// Leases a connection, runs `body` on its dedicated queue, and releases it.
    public nonisolated func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (RedisConnection) throws -> T
    ) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await connection.run(body)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs one command (text arguments).
    public nonisolated func command(_ arguments: [String]) async throws -> RedisReply {
        try await withConnection { try $0.command(arguments) }
    }

    /// Runs one command (binary arguments).
    public nonisolated func command(bytes arguments: [[UInt8]]) async throws -> RedisReply {
        try await withConnection { try $0.command(arguments) }
    }

    /// Runs several commands in one round trip.
    public nonisolated func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        try await withConnection { try $0.pipeline(commands) }
    }

    /// Runs several binary commands in one round trip.
    public nonisolated func pipeline(bytes commands: [[[UInt8]]]) async throws -> [RedisReply] {
        try await withConnection { try $0.pipeline(commands) }
    }
}
