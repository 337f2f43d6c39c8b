/// Why a source could not read something, in words.
public struct SourceFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What happened.
    public var description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}
