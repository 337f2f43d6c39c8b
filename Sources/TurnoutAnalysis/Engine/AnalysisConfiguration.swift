import TurnoutManifest
import TurnoutRuntime

/// What an `AnalysisEngine` measures and judges with. The one place sources are built from settings.
public struct AnalysisConfiguration: Sendable {
    /// The service's name (for query templates and reasons).
    public var service: String
    /// Web (HTTP metrics, API CPU objective) or worker (worker CPU objective).
    public var role: Service.Role
    /// The objectives.
    public var slo: SLO
    /// Scrape each instance's `/metrics` with these settings; `nil` to skip.
    public var instanceMetrics: InstanceMetricsSource.Settings?
    /// Read instances' CPU and memory from the platform's counters, with this many cores per instance; `nil`
    /// to skip (the platform cannot read them, or the service has no CPU to judge).
    public var resources: (reader: any ResourceReader, coresPerInstance: Double)?
    /// Read Redis INFO and queue lengths; `nil` when there is no Redis.
    public var redis: RedisInfoSource.Settings?
    /// Ask Prometheus; `nil` when there is none.
    public var prometheus: PrometheusQuerySource.Settings?
    /// The canary-versus-stable judge.
    public var comparison: ComparisonJudge
    /// Settings that could not be used (an unparsable Redis URL); every analysis is inconclusive over them.
    public var problems: [String] = []

    /// Creates a configuration. `redisURL` (`redis://host:port[/db]`) with `queues` (queue names) reads the
    /// bundled worker's lists `turnout:queue:<name>:high` and `:low`; `queueKeys` overrides the lists.
    public init(
        service: String, role: Service.Role = .web, slo: SLO = SLO(), instanceMetrics: InstanceMetricsSource.Settings? = .init(),
        resources: (reader: any ResourceReader, coresPerInstance: Double)? = nil, redisURL: String? = nil, queues: [String] = [], queueKeys: [String: [String]]? = nil,
        prometheus: PrometheusQuerySource.Settings? = nil, comparison: ComparisonJudge = ComparisonJudge()
    ) {
        self.service = service
        self.role = role
        self.slo = slo
        self.instanceMetrics = role == .web ? instanceMetrics : nil
        self.resources = resources
        if let redisURL, let endpoint = RedisClient.Endpoint(url: redisURL) {
            redis = RedisInfoSource.Settings(endpoint: endpoint, queueKeys: queueKeys ?? RedisInfoSource.defaultQueueKeys(queues))
        } else {
            redis = nil
            if let redisURL { problems.append("the Redis URL \(redisURL) is not redis://host[:port][/db]") }
        }
        self.prometheus = prometheus
        self.comparison = comparison
    }

    /// The metrics Prometheus has a query for: their thresholds are judged on Prometheus's values alone (no
    /// data from Prometheus is inconclusive, even when another source has some).
    public var prometheusMetrics: Set<AnalysisPolicy.Metric> {
        Set(prometheus?.queries.keys.compactMap(\.policyMetric) ?? [])
    }

    /// The sources this configuration asks for.
    public func makeSources() -> [any MetricSource] {
        var sources: [any MetricSource] = []
        if let instanceMetrics { sources.append(InstanceMetricsSource(settings: instanceMetrics)) }
        if let resources { sources.append(ResourceUsageSource(reader: resources.reader, coresPerInstance: resources.coresPerInstance)) }
        if let redis { sources.append(RedisInfoSource(settings: redis)) }
        if let prometheus { sources.append(PrometheusQuerySource(settings: prometheus)) }
        return sources
    }

    /// What to configure to measure `metric`.
    static func missingSourceHint(_ metric: AnalysisPolicy.Metric) -> String {
        switch metric {
        case .latencyP95, .latencyP99, .errorRate: return "no instance /metrics, access log or Prometheus query"
        case .cacheHitRate, .redisMemory: return "no Redis configured"
        case .queueLength: return "no Redis queues configured"
        case .cpu: return "the platform reads no CPU counters and there is no Prometheus"
        }
    }
}
