/// Thrown when a manifest or strategy file has at least one error; carries every issue found in one pass.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    /// All issues, errors and warnings, in file order.
    public var issues: [ManifestIssue]

    /// Creates the error from the issues found.
    public init(issues: [ManifestIssue]) { self.issues = issues }

    /// The issues that are errors.
    public var errors: [ManifestIssue] { issues.filter { $0.severity == .error } }

    /// One issue per line, then a count.
    public var description: String {
        let lines = issues.map(\.description)
        let count = errors.count
        return (lines + ["\(count) error\(count == 1 ? "" : "s") found"]).joined(separator: "\n")
    }
}
