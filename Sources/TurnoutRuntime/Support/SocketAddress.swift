import Glibc

/// IPv4 socket addresses for the loopback-only runtime.
package enum SocketAddress {
    /// `127.0.0.1:port`.
    package static func loopback(port: Int) -> sockaddr_in {
        ipv4(address: UInt32(0x7f00_0001).bigEndian, port: port)
    }

    /// `host:port` when `host` is an IPv4 literal or `localhost`; `nil` otherwise.
    package static func ipv4(host: String, port: Int) -> sockaddr_in? {
        let literal = host == "localhost" ? "127.0.0.1" : host
        var address = in_addr()
        guard inet_pton(AF_INET, literal, &address) == 1 else { return nil }
        return ipv4(address: address.s_addr, port: port)
    }

    /// `host:port` for an IPv4 literal, `localhost`, or a name resolved with `getaddrinfo` (blocking: call it
    /// off the cooperative pool).
    package static func resolve(host: String, port: Int) -> sockaddr_in? {
        if let literal = ipv4(host: host, port: port) { return literal }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        guard let raw = first.pointee.ai_addr else { return nil }
        let address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
        return ipv4(address: address.s_addr, port: port)
    }

    private static func ipv4(address: in_addr_t, port: Int) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        result.sin_addr = in_addr(s_addr: address)
        return result
    }
}
