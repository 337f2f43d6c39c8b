/// The address of an existing Prometheus server, read from `http://HOST[:PORT][/]`: a host name or IPv4
/// address and a port (80 when omitted). Turnout's client speaks plain HTTP/1.1 over IPv4, so `https`, IPv6
/// literals, user info, paths, queries and fragments are refused with the reason.
struct PrometheusURL: Hashable {
    /// The host name or IPv4 address.
    var host: String
    /// The port.
    var port: Int

    /// Parses `text`, or says what is wrong with it.
    static func parse(_ text: String) -> Result<PrometheusURL, Problem> {
        if text.hasPrefix("https://") { return .failure(.https) }
        guard text.hasPrefix("http://") else { return .failure(.malformed) }
        var rest = Substring(text.dropFirst("http://".count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains(where: { "/?#".contains($0) }) { return .failure(.path) }
        if rest.contains("@") || rest.contains(where: { $0.isWhitespace }) { return .failure(.malformed) }
        if rest.hasPrefix("[") { return .failure(.ipv6) }
        var host = rest
        var port = 80
        if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            let digits = rest[rest.index(after: colon)...]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  let number = Int(digits), (1...65535).contains(number) else { return .failure(.port) }
            port = number
        }
        guard host != "_", NameRules.isServerName(String(host)), !host.hasPrefix("*.") else { return .failure(.malformed) }
        return .success(PrometheusURL(host: String(host), port: port))
    }

    /// Why a URL was refused.
    enum Problem: Error, Hashable {
        case malformed, https, ipv6, path, port

        /// The message after `'URL' `.
        var message: String {
            switch self {
            case .malformed: return "is not a Prometheus URL such as http://127.0.0.1:9090"
            case .https: return "uses https, which Turnout's Prometheus client does not speak"
            case .ipv6: return "has an IPv6 address, which Turnout's Prometheus client does not reach"
            case .path: return "has a path, query or fragment; Turnout asks the server's /api/v1/query at its root"
            case .port: return "has no valid port (1-65535)"
            }
        }

        /// How to fix it.
        var hint: String {
            switch self {
            case .https, .ipv6: return "give a plain http address Prometheus listens on, such as http://127.0.0.1:9090 (or set managed: true)"
            case .path: return "write only scheme, host and port, such as http://prometheus.internal:9090"
            case .malformed, .port: return "write http://HOST:PORT, such as http://127.0.0.1:9090, or set managed: true to let Turnout start one"
            }
        }
    }
}
