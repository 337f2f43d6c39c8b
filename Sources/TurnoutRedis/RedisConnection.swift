import CHiredis
#if canImport(Glibc)
import Glibc
#endif

/// One blocking hiredis connection.
///
/// Every call blocks the calling thread, so this type must only be used from a
/// dedicated thread or serial queue (``RedisPooledConnection`` does that); it is
/// not thread-safe. Commands are always sent as argument vectors with
/// `redisCommandArgv`, never through format strings.
public final class RedisConnection {
    /// The endpoint this connection talks to.
    public let endpoint: RedisEndpoint
    private var context: UnsafeMutablePointer<redisContext>?

    /// Creates an unconnected connection; call ``connect()`` or use ``ensureConnected()``.
    public init(endpoint: RedisEndpoint) {
        self.endpoint = endpoint
    }

    deinit { close() }

    /// True while a context exists and hiredis has not flagged an error on it.
    public var isConnected: Bool {
        guard let context else { return false }
        return context.pointee.err == 0
    }

    /// Connects (or reconnects) with the endpoint's connect timeout, then
    /// authenticates and selects the database when configured.
    public func connect() throws {
        close()
        let connectTV = Self.timeval(seconds: endpoint.connectTimeout)
        guard let ctx = redisConnectWithTimeout(endpoint.host, Int32(endpoint.port), connectTV) else {
            throw RedisError.connectionFailed("cannot allocate redis context")
        }
        if ctx.pointee.err != 0 {
            let message = Self.errorString(ctx)
            redisFree(ctx)
            throw RedisError.connectionFailed("\(endpoint.host):\(endpoint.port): \(message)")
        }
        _ = redisSetTimeout(ctx, Self.timeval(seconds: endpoint.commandTimeout))
        _ = redisEnableKeepAlive(ctx)
        context = ctx
        if let password = endpoint.password {
            try command(["AUTH", password]).throwIfError()
        }
        if endpoint.database != 0 {
            try command(["SELECT", String(endpoint.database)]).throwIfError()
        }
    }

    /// Connects when there is no healthy connection.
    public func ensureConnected() throws {
        if !isConnected { try connect() }
    }

    /// Closes the connection, if any.
    public func close() {
        if let context {
            redisFree(context)
            self.context = nil
        }
    }

    /// Sends one command given as text arguments and waits for its reply.
    public func command(_ arguments: [String]) throws -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    /// Sends one command given as binary arguments and waits for its reply.
    /// Error replies are returned as ``RedisReply/error(_:)``; I/O failures throw
    /// ``RedisError/connectionBroken(_:)`` and close the connection.
    public func command(_ arguments: [[UInt8]]) throws -> RedisReply {
        guard !arguments.isEmpty else { throw RedisError.unexpectedReply("empty command") }
        try ensureConnected()
        guard let ctx = context else { throw RedisError.connectionBroken("not connected") }
        let raw: UnsafeMutableRawPointer? = Self.withArgv(arguments) { argc, argv, lengths in
            redisCommandArgv(ctx, argc, argv, lengths)
        }
        guard let raw else { throw brokenError(ctx) }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Sends several commands in one write and reads all replies (one round trip).
    public func pipeline(_ commands: [[String]]) throws -> [RedisReply] {
        try pipeline(commands.map { $0.map { Array($0.utf8) } })
    }

    /// Binary form of ``pipeline(_:)-([[String]])``.
    public func pipeline(_ commands: [[[UInt8]]]) throws -> [RedisReply] {
        if commands.isEmpty { return [] }
        guard !commands.contains(where: { $0.isEmpty }) else { throw RedisError.unexpectedReply("empty command") }
        try ensureConnected()
        guard let ctx = context else { throw RedisError.connectionBroken("not connected") }
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(ctx, argc, argv, lengths)
            }
            if status != REDIS_OK { throw brokenError(ctx) }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            if redisGetReply(ctx, &raw) != REDIS_OK || raw == nil {
                if let raw { freeReplyObject(raw) }
                throw brokenError(ctx)
            }
            replies.append(RedisReply(raw!.assumingMemoryBound(to: redisReply.self)))
            freeReplyObject(raw)
        }
        return replies
    }

    private func brokenError(_ ctx: UnsafeMutablePointer<redisContext>) -> RedisError {
        let message = ctx.pointee.err != 0 ? Self.errorString(ctx) : "no reply"
        close()
        return RedisError.connectionBroken(message)
    }

    private static func withArgv<R>(
        _ arguments: [[UInt8]],
        _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        let buffers: [UnsafeMutablePointer<CChar>] = arguments.map { bytes in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { chars in
                    if let base = chars.baseAddress { buffer.initialize(from: base, count: bytes.count) }
                }
            }
            buffer[bytes.count] = 0
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var argv: [UnsafePointer<CChar>?] = buffers.map { UnsafePointer($0) }
        let lengths: [Int] = arguments.map { $0.count }
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                body(Int32(arguments.count), argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }

    private static func errorString(_ ctx: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafePointer(to: &ctx.pointee.errstr) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: 128) { String(cString: $0) }
        }
    }

    private static func timeval(seconds: Double) -> Glibc.timeval {
        let whole = Int(seconds)
        let micros = Int((seconds - Double(whole)) * 1_000_000)
        return Glibc.timeval(tv_sec: whole, tv_usec: micros)
    }
}
