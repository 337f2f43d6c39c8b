/// Where an instance serves, as Turnout's router and probes reach it: a loopback port of a local process, a
/// container's published port, a task's node address and port.
public struct Endpoint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An IPv4 address, a bracketed IPv6 address, or a hostname.
    public var host: String
    /// The port.
    public var port: Int

    /// Creates an endpoint.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// A port on this host's loopback interface.
    public static func loopback(_ port: Int) -> Endpoint { Endpoint(host: "127.0.0.1", port: port) }

    /// `host:port`, as nginx writes upstream addresses in its log.
    public var description: String { "\(host):\(port)" }
}
