/// What a `# TYPE` line declares.
public enum PrometheusMetricType: String, Sendable, Hashable, CaseIterable {
    case counter, gauge, histogram, summary, untyped
}
