/// A memory size written the Kubernetes way: `512Mi`, `1Gi`, `256M`, `64Ki`, or plain bytes.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The size in bytes.
    public var bytes: Int64

    /// Creates a size of `bytes` bytes.
    public init(bytes: Int64) { self.bytes = bytes }

    static let suffixes: [(String, Int64)] = [
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
        ("k", 1000), ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
    ]

    /// Canonical text using the largest binary unit that divides the size exactly (`512Mi`, `1Gi`, `1000`).
    public var description: String {
        for (suffix, size) in [("Ti", Int64(1) << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)"
    }

    /// The size in the form nginx and Redis accept (`512m`, `1g`, `64k`, or bytes).
    public var nginxText: String {
        for (suffix, size) in [("g", Int64(1) << 30), ("m", 1 << 20), ("k", 1 << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size)\(suffix)"
        }
        return "\(bytes)"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// Parses `text`; `nil` when it is not a whole number with an optional unit suffix.
    public static func parse(_ text: String) -> ByteSize? {
        guard !text.isEmpty, text.count <= 24 else { return nil }
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let (suffix, size) = suffixes.first(where: { text.hasSuffix($0.0) }) {
            digits = text.dropLast(suffix.count)
            multiplier = size
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else {
            return nil
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : ByteSize(bytes: product)
    }
}
