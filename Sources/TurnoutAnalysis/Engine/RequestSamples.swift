import TurnoutStrategies

/// Per-request observations of one revision computed elsewhere (the controller's nginx access log): the
/// latencies of answered requests, and how many attempts there were and failed.
public struct RequestSamples: Sendable, Hashable {
    /// Latencies in seconds of requests that got an answer (not 5xx).
    public var latencies: [Double]
    /// Attempts that reached the revision.
    public var requests: Int
    /// Attempts answered 5xx or not at all.
    public var errors: Int
    /// Where they came from, for reasons.
    public var source: String

    /// Creates samples.
    public init(latencies: [Double], requests: Int, errors: Int, source: String = "nginx access log") {
        self.latencies = latencies
        self.requests = requests
        self.errors = errors
        self.source = source
    }

    /// Readings of `revision`: requests, error rate, and nearest-rank P50/P95/P99 latency.
    public func readings(of revision: RevisionID) -> [MetricReading] {
        var readings = [MetricReading.of(revision, .requests, Double(requests), samples: requests, source: source)]
        if requests > 0 { readings.append(.of(revision, .errorRate, Double(errors) / Double(requests), samples: requests, source: source)) }
        for (name, p) in [(MetricName.latencyP50, 50.0), (.latencyP95, 95), (.latencyP99, 99)] {
            if let value = SampleStatistics.percentile(latencies, p) { readings.append(.of(revision, name, value, samples: latencies.count, source: source)) }
        }
        return readings
    }
}
