/// An error from the local runtime, with a stable code and the context a person needs to act on it.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable codes.
    public enum Code: String, Sendable, Hashable {
        /// The executable was not found or is not executable.
        case executableNotFound = "executable-not-found"
        /// The argv was empty.
        case emptyCommand = "empty-command"
        /// `posix_spawn` (or setting it up) failed.
        case spawnFailed = "spawn-failed"
        /// No free port was left in the configured range.
        case noFreePort = "no-free-port"
        /// A signal could not be delivered.
        case signalFailed = "signal-failed"
        /// A helper command (initdb, pg_ctl, createdb...) failed.
        case commandFailed = "command-failed"
        /// An accessory did not accept connections in time, or is unreachable.
        case accessoryUnavailable = "accessory-unavailable"
        /// A user or file needed to run something was missing.
        case setupFailed = "setup-failed"
    }

    /// What went wrong, as a code.
    public var code: Code
    /// What went wrong, in words.
    public var message: String
    /// What to do about it, when there is something to say.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `code: message (hint)`.
    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let hint { text += " (\(hint))" }
        return text
    }
}
