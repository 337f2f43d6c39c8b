/// The manifest's `prometheus` block: a Prometheus server the rollout analysis asks for per-revision
/// values, either one that already runs (`url`) or one Turnout's local runtime starts (`managed: true`),
/// and the PromQL query per metric.
public struct PrometheusSettings: Sendable, Hashable {
    /// Which server is asked.
    public enum Server: Sendable, Hashable {
        /// An existing server at `http://host:port`.
        case external(host: String, port: Int)
        /// A server Turnout starts (local runtime) on a free loopback port.
        case managed
    }

    /// The names a query may be given for: every analysis metric, plus `requests` (a revision's request
    /// count over the window, the sample size of its other values).
    public static let queryNames: [String] = AnalysisPolicy.Metric.allCases.map(\.rawValue) + ["requests"]

    /// The placeholders a query may use: `{{service}}`, `{{revision}}` (e.g. `r2`) and `{{window}}` (a
    /// PromQL range such as `30s`).
    public static let placeholders: [String] = ["service", "revision", "window"]

    /// How often a managed server scrapes when the manifest does not say.
    public static let defaultScrapeInterval: TimeSpan = .seconds(5)

    /// The server.
    public var server: Server
    /// How often a managed server scrapes the instances.
    public var scrapeInterval: TimeSpan
    /// Queries by name (see `queryNames`) that replace or add to the built-in ones; text with placeholders.
    public var queries: [String: String]

    /// Creates settings.
    public init(server: Server, scrapeInterval: TimeSpan = defaultScrapeInterval, queries: [String: String] = [:]) {
        self.server = server
        self.scrapeInterval = scrapeInterval
        self.queries = queries
    }

    /// Whether Turnout starts the server.
    public var isManaged: Bool { server == .managed }
}
