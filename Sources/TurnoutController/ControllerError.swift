/// A failure of the controller that is not a failed check: what happened and what to do about it.
public struct ControllerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// What to do.
    public var hint: String?

    /// Creates an error.
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }

    /// The message, and the hint on its own line.
    public var description: String { hint.map { "\(message)\n    hint: \($0)" } ?? message }
}
