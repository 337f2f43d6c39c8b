import Dispatch

/// A ``RedisConnection`` bound to its own serial dispatch queue.
///
/// The blocking hiredis calls run on that queue's thread, never on the Swift
/// concurrency cooperative pool or a NIO event loop; callers await the result
/// through a continuation. A broken connection is reconnected on next use.
public final class RedisPooledConnection: @unchecked Sendable {
    private let connection: RedisConnection
    private let queue: DispatchQueue

    /// Creates a (lazily connected) connection with a dedicated queue.
    public init(endpoint: RedisEndpoint, label: String = "turnout.redis.connection") {
        self.connection = RedisConnection(endpoint: endpoint)
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` with the connection on the dedicated queue and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (RedisConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    try self.connection.ensureConnected()
                    continuation.resume(returning: try body(self.connection))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Closes the underlying socket (on the connection's queue).
    public func close() {
        queue.async { self.connection.close() }
    }
}
