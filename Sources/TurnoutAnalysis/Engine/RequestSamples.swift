import TurnoutStrategies

/// Per-request observations of one revision computed elsewhere (the controller's nginx access log): the
/// latencies of answered requests (also by route), how many attempts there were and failed, and the load
/// its instances carried.
public struct RequestSamples: Sendable, Hashable {
    /// Latencies in seconds of requests that got an answer (not 5xx).
    public var latencies: [Double]
    /// The same latencies by route (see the controller's `RouteKey`); empty when routes are unknown.
    public var latenciesByRoute: [String: [Double]]
    /// Attempts that reached the revision.
    public var requests: Int
    /// Attempts answered 5xx or not at all.
    public var errors: Int
    /// Where they came from, for reasons.
    public var source: String
    /// The load the revision's instances carried, when known.
    public var load: InstanceLoad?

    /// Creates samples.
    public init(latencies: [Double], requests: Int, errors: Int, source: String = "nginx access log",
                latenciesByRoute: [String: [Double]] = [:], load: InstanceLoad? = nil) {
        self.latencies = latencies
        self.requests = requests
        self.errors = errors
        self.source = source
        self.latenciesByRoute = latenciesByRoute
        self.load = load
    }

    /// No requests yet.
    public static let empty = RequestSamples(latencies: [], requests: 0, errors: 0)

    /// Adds an answered request's latency on `route`.
    public mutating func addLatency(_ seconds: Double, route: String) {
        latencies.append(seconds)
        latenciesByRoute[route, default: []].append(seconds)
    }

    /// These samples and `other`'s together (loads summed, weights dropped).
    public func merged(with other: RequestSamples) -> RequestSamples {
        var merged = RequestSamples(latencies: latencies + other.latencies, requests: requests + other.requests, errors: errors + other.errors,
                                    source: source, latenciesByRoute: latenciesByRoute.merging(other.latenciesByRoute, uniquingKeysWith: +))
        if let a = load, let b = other.load { merged.load = InstanceLoad(instances: a.instances + b.instances, requests: a.requests + b.requests) }
        return merged
    }

    /// What the comparison judge compares: by route when routes are known.
    public var latencyData: ComparisonJudge.LatencyData {
        latenciesByRoute.isEmpty ? .samples(latencies) : .routes(latenciesByRoute)
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
