/// The identifier of one release of a service (a revision), e.g. `api@1.4.0` or a content hash.
public struct RevisionID: TextIdentifier {
    /// The identifier's text.
    public var rawValue: String

    /// Creates an identifier from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
}
