/// Where and how to connect to Redis, usually parsed from a `redis://` URL.
public struct RedisEndpoint: Sendable, Equatable {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Optional password sent with `AUTH` after connecting.
    public var password: String?
    /// Database number selected with `SELECT` when not 0.
    public var database: Int
    /// Bound on establishing the TCP connection, in seconds.
    public var connectTimeout: Double
    /// Bound on each command's socket read/write, in seconds.
    public var commandTimeout: Double

    /// Creates an endpoint from its parts.
    public init(host: String = "127.0.0.1", port: Int = 6379, password: String? = nil, database: Int = 0,
                connectTimeout: Double = 2, commandTimeout: Double = 5) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Parses `redis://[:password@]host[:port][/db]`.
    public init(url: String, connectTimeout: Double = 2, commandTimeout: Double = 5) throws {
        guard url.hasPrefix("redis://") else { throw RedisError.invalidURL(url) }
        var rest = Substring(url.dropFirst("redis://".count))
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let pass = userInfo[userInfo.index(after: colon)...]
                password = pass.isEmpty ? nil : String(pass)
            } else if !userInfo.isEmpty {
                password = String(userInfo)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let dbText = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !dbText.isEmpty {
                guard let db = Int(dbText), db >= 0 else { throw RedisError.invalidURL(url) }
                database = db
            }
        }
        var host = String(rest)
        var port = 6379
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let parsed = Int(rest[rest.index(after: colon)...]), parsed > 0, parsed < 65536 else {
                throw RedisError.invalidURL(url)
            }
            port = parsed
        }
        if host.isEmpty { host = "127.0.0.1" }
        if host == "localhost" { host = "127.0.0.1" }
        self.init(host: host, port: port, password: password, database: database,
                  connectTimeout: connectTimeout, commandTimeout: commandTimeout)
    }
}
