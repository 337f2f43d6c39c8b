/// Rules for the names and text values that end up in generated nginx, compose and Kubernetes files, so that
/// no manifest value can inject configuration.
public enum NameRules {
    /// A DNS-1123 label: 1-63 lowercase letters, digits and `-`, starting with a letter and not ending with `-`.
    /// Service, accessory and app names must be labels: they become hostnames, Kubernetes object names and
    /// compose service names.
    public static func isLabel(_ text: String) -> Bool {
        guard (1...63).contains(text.utf8.count), let first = text.utf8.first, let last = text.utf8.last else {
            return false
        }
        return isLowerLetter(first) && last != UInt8(ascii: "-")
            && text.utf8.allSatisfy { isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// An environment variable name: `[A-Za-z_][A-Za-z0-9_]*`, at most 255 characters.
    public static func isEnvironmentName(_ text: String) -> Bool {
        guard (1...255).contains(text.utf8.count), let first = text.utf8.first else { return false }
        return (isLetter(first) || first == UInt8(ascii: "_"))
            && text.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// A queue name: 1-64 of `[a-z0-9_-]`.
    public static func isQueueName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// A URL path for nginx locations and HTTP probes: starts with `/`, then unreserved and sub-delimiter
    /// characters only (no spaces, quotes, braces, semicolons or `$` that nginx would interpret).
    public static func isHTTPPath(_ text: String) -> Bool {
        guard text.utf8.first == UInt8(ascii: "/"), text.utf8.count <= 1024 else { return false }
        let allowed = Set("/-._~%!&()*+,=:@?".utf8)
        return text.utf8.allSatisfy { isLetter($0) || isDigit($0) || allowed.contains($0) }
    }

    /// An nginx `server_name`: `_`, or hostnames made of letters, digits, `-`, `.` and a leading `*.` wildcard.
    public static func isServerName(_ text: String) -> Bool {
        if text == "_" { return true }
        var body = Substring(text)
        if body.hasPrefix("*.") { body = body.dropFirst(2) }
        guard (1...253).contains(body.utf8.count) else { return false }
        return body.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            (1...63).contains(part.utf8.count) && part.first != "-" && part.last != "-"
                && part.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// A listen address: `PORT`, `IPv4:PORT`, `[IPv6]:PORT` or `hostname:PORT`, with a port from 1 to 65535.
    public static func isListenAddress(_ text: String) -> Bool {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return false }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard !host.isEmpty, host.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard isServerName(String(host)), host != "_" else { return false }
        } else {
            host = ""
            port = Substring(text)
        }
        guard let number = Int(port), (1...65535).contains(number), port.utf8.allSatisfy(isDigit) else { return false }
        return true
    }

    /// An image reference: `[registry/]name[:tag][@digest]` characters only.
    public static func isImageReference(_ text: String) -> Bool {
        guard (1...255).contains(text.utf8.count), let first = text.utf8.first, isLetter(first) || isDigit(first) else { return false }
        return text.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._-/:@".utf8.contains($0) }
    }

    /// Text that is safe inside a double-quoted YAML or nginx string after escaping: no control characters
    /// other than tab.
    public static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isLetter(_ byte: UInt8) -> Bool { isLowerLetter(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
