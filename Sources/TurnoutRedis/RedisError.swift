/// Errors raised by the Redis client and its pool.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP connection could not be established.
    case connectionFailed(String)
    /// An I/O or protocol error happened on an established connection; it was closed.
    case connectionBroken(String)
    /// The server answered with an error reply.
    case server(String)
    /// The pool stayed exhausted for longer than its wait bound.
    case poolTimeout(waitedSeconds: Double)
    /// The pool was shut down.
    case poolClosed
    /// A URL could not be parsed.
    case invalidURL(String)
    /// A reply did not have the expected shape.
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .connectionFailed(let msg): return "redis connection failed: \(msg)"
        case .connectionBroken(let msg): return "redis connection broken: \(msg)"
        case .server(let msg): return "redis error: \(msg)"
        case .poolTimeout(let waited): return "redis pool exhausted (waited \(waited)s)"
        case .poolClosed: return "redis pool closed"
        case .invalidURL(let url): return "invalid redis url: \(url)"
        case .unexpectedReply(let what): return "unexpected redis reply: \(what)"
        }
    }
}
