/// A metric family's metadata from `# HELP` and `# TYPE` lines.
public struct PrometheusFamily: Sendable, Hashable {
    /// The family name (for a histogram, without `_bucket`/`_sum`/`_count`).
    public var name: String
    /// The declared type; `untyped` when no TYPE line was given.
    public var type: PrometheusMetricType
    /// The unescaped help text, when given.
    public var help: String?

    /// Creates a family description.
    public init(name: String, type: PrometheusMetricType = .untyped, help: String? = nil) {
        self.name = name
        self.type = type
        self.help = help
    }
}
