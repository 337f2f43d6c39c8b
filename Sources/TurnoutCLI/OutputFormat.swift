import ArgumentParser

/// How a command prints its results: for people, or as JSON for scripts and CI.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Readable text.
    case text
    /// JSON (one document, or one event per line for long-running commands).
    case json
}
