/// Checks on the addresses the engine gives, before they reach a server's arguments.
enum NetworkAddress {
    /// Whether `text` is a dotted IPv4 address (four numbers 0-255).
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }

    /// Whether `text` is `ADDRESS/BITS` with an IPv4 address and 0-32 bits.
    static func isIPv4CIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits), parts[1].allSatisfy(\.isNumber) else { return false }
        return isIPv4(String(parts[0]))
    }
}
