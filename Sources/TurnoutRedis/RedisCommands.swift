/// Something that runs Redis commands for async callers: a ``RedisPool`` (a connection leased per call, for
/// blocking commands such as BLMOVE) or a ``RedisMultiplexer`` (many callers' commands pipelined over a
/// few connections, for request handlers).
public protocol RedisCommands: Sendable {
    /// Runs one command (text arguments).
    func command(_ arguments: [String]) async throws -> RedisReply
    /// Runs one command (binary arguments).
    func command(bytes arguments: [[UInt8]]) async throws -> RedisReply
    /// Runs several commands back to back on one connection (nothing else in between), in one round trip.
    func pipeline(_ commands: [[String]]) async throws -> [RedisReply]
    /// Binary form of ``pipeline(_:)``.
    func pipeline(bytes commands: [[[UInt8]]]) async throws -> [RedisReply]
}

extension RedisPool: RedisCommands {}
