/// Why files could not be generated: a manifest value that would be unsafe in a generated file, a missing
/// value, a broken template, or a failed write.
public struct GeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; stable, for scripts and tests.
    public enum Code: String, Sendable, Hashable {
        /// A value would change the structure of a generated file (a newline, a quote, a `;`...).
        case unsafeValue = "generate.unsafe-value"
        /// A value the target needs is not in the manifest.
        case missingValue = "generate.missing-value"
        /// A template does not exist or does not parse.
        case template = "generate.template"
        /// Writing the output failed.
        case write = "generate.write"
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// Where: a manifest key path such as `services.api.name`, or a file path.
    public var location: String
    /// How to fix it.
    public var hint: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String, hint: String = "") {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `location: message (hint)` for people.
    public var description: String {
        "\(location): \(message)" + (hint.isEmpty ? "" : " (\(hint))")
    }
}
