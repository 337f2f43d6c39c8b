import TurnoutManifest

/// What a reading measures. Names follow the manifest's metric names where one exists.
public enum MetricName: String, Sendable, Hashable, CaseIterable, Codable {
    /// Requests per second over the window.
    case requestRate = "request_rate"
    /// Requests counted in the window (a sample size).
    case requests
    /// Share of requests answered 5xx, as a fraction (0.001 is 0.1 %).
    case errorRate = "error_rate"
    /// 50th-percentile latency in seconds.
    case latencyP50 = "latency_p50"
    /// 95th-percentile latency in seconds.
    case latencyP95 = "latency_p95"
    /// 99th-percentile latency in seconds.
    case latencyP99 = "latency_p99"
    /// Cache hits / (hits + misses) over the window, as a fraction.
    case cacheHitRate = "cache_hit_rate"
    /// Pending jobs of one queue.
    case queueLength = "queue_length"
    /// CPU use as a fraction of the CPU an instance may use (1 = all of it).
    case cpu
    /// Resident memory in bytes.
    case memoryRSS = "memory_rss"
    /// Redis used memory as a fraction of its limit.
    case redisMemory = "redis_memory"
    /// Jobs of one queue completed since the counter was created (a cumulative counter: rates come from
    /// the difference of two readings).
    case completedJobs = "completed_jobs"
    /// How fast one queue's pending jobs grew over the window, per second (a least-squares slope; judged as
    /// part of `queue_length` by `QueueTrendJudge`).
    case queueGrowth = "queue_growth"

    /// The manifest metric this reading is judged as, if any.
    public var policyMetric: AnalysisPolicy.Metric? { self == .queueGrowth ? .queueLength : AnalysisPolicy.Metric(rawValue: rawValue) }

    /// Whether a larger value is better (only the cache hit rate).
    public var higherIsBetter: Bool { self == .cacheHitRate }

    /// A value rendered in this metric's unit: `182 ms`, `0.25%`, `83.1%`, `12`, `45.0 MiB`, `3.2/s`.
    public func render(_ value: Double) -> String {
        switch self {
        case .latencyP50, .latencyP95, .latencyP99: return Self.format(value * 1000, digits: value < 0.01 ? 2 : 0) + " ms"
        case .errorRate: return Self.format(value * 100, digits: value < 0.01 ? 3 : 2) + "%"
        case .cacheHitRate, .cpu, .redisMemory: return Self.format(value * 100, digits: 1) + "%"
        case .queueLength, .requests, .completedJobs: return Self.format(value, digits: 0)
        case .memoryRSS: return Self.format(value / 1_048_576, digits: 1) + " MiB"
        case .requestRate, .queueGrowth: return Self.format(value, digits: 1) + "/s"
        }
    }

    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if digits == 0 { return String(Int64(rounded)) }
        let text = String(rounded)
        guard let point = text.firstIndex(of: "."), !text.contains("e") else { return text }
        let decimals = text.distance(from: point, to: text.endIndex) - 1
        return text + String(repeating: "0", count: max(0, digits - decimals))
    }
}
