import TurnoutManifest

/// Judges readings against the SLOs. Latency, error rate, CPU and Redis memory fail above their objective;
/// queue length fails at or above it (the objective is "fewer than N pending"); the cache hit rate passes at
/// or above its target, warns between the warning level and the target, and fails below the warning level.
/// Readings without an objective (request rate, request count, RSS, P50) are not judged.
public struct ThresholdJudge: Sendable, Hashable {
    /// The objectives.
    public var slo: SLO
    /// The CPU objective: the API's for web services, the workers' for worker services.
    public var cpuLimit: Percentage

    /// Creates a judge for a service of `role`.
    public init(slo: SLO, role: Service.Role = .web) {
        self.slo = slo
        cpuLimit = role == .web ? slo.apiCPU : slo.workerCPU
    }

    /// The judgement of `reading`; `nil` when its metric has no objective or its value is not a number.
    public func judge(_ reading: MetricReading, window: TimeSpan? = nil) -> MetricJudgement? {
        guard !reading.value.isNaN else { return nil }
        let name = reading.name
        let limit: Double
        let objectiveText: String
        switch name {
        case .latencyP95: limit = slo.latencyP95.seconds; objectiveText = name.render(limit)
        case .latencyP99: limit = slo.latencyP99.seconds; objectiveText = name.render(limit)
        case .errorRate: limit = slo.errorRate.fraction; objectiveText = slo.errorRate.description
        case .cpu: limit = cpuLimit.fraction; objectiveText = cpuLimit.description
        case .redisMemory: limit = slo.redisMemory.fraction; objectiveText = slo.redisMemory.description
        case .queueLength: limit = Double(slo.queueLength); objectiveText = "\(slo.queueLength)"
        case .cacheHitRate: return judgeCacheHitRate(reading, window: window)
        case .requestRate, .requests, .latencyP50, .memoryRSS, .completedJobs, .queueGrowth: return nil
        }
        let failed = name == .queueLength ? reading.value >= limit : reading.value > limit
        let comparison = failed ? (name == .queueLength ? "at or above" : "above") : "within"
        let summary = "\(Self.describe(reading, window: window)), \(comparison) the SLO of \(objectiveText)"
        return MetricJudgement(reading: reading, status: failed ? .fail : .pass, limit: limit, summary: summary)
    }

    private func judgeCacheHitRate(_ reading: MetricReading, window: TimeSpan?) -> MetricJudgement {
        let target = slo.cacheHitRate.fraction, warning = min(slo.cacheHitRateWarning.fraction, target)
        let status: MetricJudgement.Status
        let text: String
        if reading.value >= target {
            status = .pass; text = "at or above the target of \(slo.cacheHitRate)"
        } else if reading.value >= warning {
            status = .warning; text = "below the target of \(slo.cacheHitRate) but above the review level of \(slo.cacheHitRateWarning): review the caching strategy"
        } else {
            status = .fail; text = "below the review level of \(slo.cacheHitRateWarning) (target \(slo.cacheHitRate))"
        }
        return MetricJudgement(reading: reading, status: status, limit: target, failBelow: warning, summary: "\(Self.describe(reading, window: window)), \(text)")
    }

    /// `latency_p95 of r2 is 250 ms over the last 30s (instance /metrics, 812 samples)`.
    public static func describe(_ reading: MetricReading, window: TimeSpan?) -> String {
        var text = "\(reading.name.rawValue) of \(reading.subject) is \(reading.name.render(reading.value))"
        if let window { text += " over the last \(window)" }
        var details = [reading.source]
        if let samples = reading.samples { details.append("\(samples) samples") }
        return text + " (" + details.joined(separator: ", ") + ")"
    }
}
