/// The identifier of one running copy of a revision (a process, a container, a pod), as the runtime names it.
public struct InstanceID: TextIdentifier {
    /// The identifier's text.
    public var rawValue: String

    /// Creates an identifier from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
}
