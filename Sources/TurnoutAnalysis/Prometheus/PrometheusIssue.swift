/// A line the parser could not read; the rest of the page is still parsed.
public struct PrometheusIssue: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an issue.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 3: expected a value`.
    public var description: String { "line \(line): \(message)" }
}
