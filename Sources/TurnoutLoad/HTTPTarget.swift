/// Where load goes: an `http://host:port/path` URL on loopback or a test host, split into its parts.
public struct HTTPTarget: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 address or `localhost`.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Path and query, starting with `/`.
    public var path: String

    /// Creates a target.
    public init(host: String, port: Int, path: String) {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Parses `http://HOST[:PORT][/PATH]`; `nil` for anything else (https, userinfo, spaces, IPv6).
    public init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = rest[slash...]
        guard !authority.isEmpty, !authority.contains("@"), !url.contains(" "), !url.contains("\r"), !url.contains("\n") else { return nil }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { return nil }
        host = parts[0] == "localhost" ? "127.0.0.1" : String(parts[0])
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else { return nil }
            port = number
        } else {
            port = 80
        }
        self.path = path.isEmpty ? "/" : String(path)
    }

    /// `http://host:port/path`.
    public var description: String { "http://\(host):\(port)\(path)" }
}
