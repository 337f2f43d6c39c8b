/// One problem found in a manifest or strategy file: what is wrong, where, and how to fix it.
public struct ManifestIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious an issue is: errors stop a deploy, warnings do not.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// A stable, machine-readable code such as `unknown-key` (see `IssueCode`).
    public var code: IssueCode
    /// Error or warning.
    public var severity: Severity
    /// Where the offending value (or the mapping missing a key) starts.
    public var location: SourceLocation
    /// The key path from the document root, e.g. `services.api.health.interval`.
    public var keyPath: String
    /// What is wrong and what was expected.
    public var message: String
    /// How to fix it, when there is something more specific to say than the message.
    public var hint: String?

    /// Creates an issue.
    public init(
        code: IssueCode, severity: Severity = .error, location: SourceLocation, keyPath: String,
        message: String, hint: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.location = location
        self.keyPath = keyPath
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: key.path: message [code]`, followed by an indented hint line if any.
    public var description: String {
        let path = keyPath.isEmpty ? "" : "\(keyPath): "
        var text = "\(location): \(severity.rawValue): \(path)\(message) [\(code.rawValue)]"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Every kind of problem the loader and validator report, with a stable name for scripts and tests.
public enum IssueCode: String, Sendable, Hashable, Codable, CaseIterable {
    case fileUnreadable = "file-unreadable"
    case yamlSyntax = "yaml-syntax"
    case emptyDocument = "empty-document"
    case tooComplex = "too-complex"
    case nestingTooDeep = "nesting-too-deep"
    case duplicateKey = "duplicate-key"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case invalidValue = "invalid-value"
    case invalidName = "invalid-name"
    case invalidDuration = "invalid-duration"
    case invalidPercentage = "invalid-percentage"
    case invalidSize = "invalid-size"
    case invalidCPU = "invalid-cpu"
    case outOfRange = "out-of-range"
    case unknownReference = "unknown-reference"
    case unknownStrategy = "unknown-strategy"
    case conflictingKeys = "conflicting-keys"
    case canaryWeights = "canary-weights"
    case replicaBounds = "replica-bounds"
    case workerWithoutQueue = "worker-without-queue"
    case webWithoutHealthCheck = "web-without-health-check"
    case portClash = "port-clash"
    case unsafeValue = "unsafe-value"
}
