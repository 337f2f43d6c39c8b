/// An identifier that is a piece of text: encoded as a plain string, written as a string literal, ordered
/// and printed as its text. `InstanceID` and `RevisionID` are the two kinds, kept apart by type.
public protocol TextIdentifier: Sendable, Hashable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier's text.
    var rawValue: String { get }
    /// Creates an identifier from its text.
    init(_ rawValue: String)
}

extension TextIdentifier {
    /// Creates an identifier from a string literal.
    public init(stringLiteral value: String) { self.init(value) }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The identifier's text.
    public var description: String { rawValue }

    /// Ordered by text.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
