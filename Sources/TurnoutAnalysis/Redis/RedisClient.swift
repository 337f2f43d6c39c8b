import Foundation
import TurnoutManifest
import TurnoutRuntime

/// A tiny Redis client: one connection per call, commands pipelined, replies parsed as RESP2. Enough for
/// `INFO` and `LLEN`; authentication and database selection come from the endpoint.
public struct RedisClient: Sendable {
    /// Where Redis listens: parsed from `redis://[[user]:password@]host[:port][/db]`.
    public struct Endpoint: Sendable, Hashable {
        /// The host.
        public var host: String
        /// The port (6379 by default).
        public var port: Int
        /// The ACL user, when given.
        public var username: String?
        /// The password, when given.
        public var password: String?
        /// The database index, when given.
        public var database: Int?

        /// Creates an endpoint.
        public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil, database: Int? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
        }

        /// Parses a `redis://` URL; `nil` when it is not one.
        public init?(url text: String) {
            guard let components = URLComponents(string: text), components.scheme == "redis", let host = components.host, !host.isEmpty else { return nil }
            self.host = host
            port = components.port ?? 6379
            username = components.user.flatMap { $0.isEmpty ? nil : $0 }
            password = components.password
            let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            if path.isEmpty { database = nil } else if let index = Int(path) { database = index } else { return nil }
        }
    }

    /// The endpoint.
    public var endpoint: Endpoint
    /// How long a whole call may take.
    public var timeout: TimeSpan

    /// Creates a client.
    public init(endpoint: Endpoint, timeout: TimeSpan = .seconds(2)) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// Sends `commands` in one pipeline and returns their replies in order (error replies included).
    public func run(_ commands: [[String]]) async -> Result<[RESPReply], SourceFailure> {
        let endpoint = self.endpoint, timeout = self.timeout
        return await BlockingExecutor.run { Self.exchange(commands, endpoint: endpoint, timeout: timeout) }
    }

    static func exchange(_ commands: [[String]], endpoint: Endpoint, timeout: TimeSpan) -> Result<[RESPReply], SourceFailure> {
        let deadline = ContinuousClock.now + timeout.duration
        var preamble: [[String]] = []
        if let password = endpoint.password { preamble.append(["AUTH"] + (endpoint.username.map { [$0] } ?? []) + [password]) }
        if let database = endpoint.database { preamble.append(["SELECT", String(database)]) }
        let all = preamble + commands
        do throws(SourceFailure) {
            let socket = try LoopbackSocket.connect(host: endpoint.host, port: endpoint.port, deadline: deadline)
            try socket.send(all.flatMap { RESPReply.command($0) }, until: deadline)
            var buffer: [UInt8] = []
            var replies: [RESPReply] = []
            var offset = 0
            while replies.count < all.count {
                do throws(RESPReply.Malformed) {
                    if let (reply, used) = try RESPReply.parse(buffer[offset...]) {
                        replies.append(reply)
                        offset += used
                        continue
                    }
                } catch {
                    return .failure(SourceFailure("malformed reply from Redis: \(error.message)"))
                }
                buffer += try socket.receive(until: deadline)
            }
            for (command, reply) in zip(preamble, replies) {
                if case .error(let message) = reply { return .failure(SourceFailure("\(command[0]) failed: \(message)")) }
            }
            return .success(Array(replies.dropFirst(preamble.count)))
        } catch {
            return .failure(SourceFailure("Redis at \(endpoint.host):\(endpoint.port): \(error.description)"))
        }
    }
}
