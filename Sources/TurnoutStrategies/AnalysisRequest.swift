import TurnoutManifest

/// A request to measure the new revision once: the metrics over the trailing `policy.window`, judged against
/// the SLOs (and against the baseline revision when the policy compares with stable).
public struct AnalysisRequest: Sendable, Hashable, Codable {
    /// Why the analysis runs.
    public enum Purpose: String, Sendable, Hashable, Codable {
        /// Between two batches of a rolling update.
        case betweenBatches
        /// Blue-green, before the switch (through the preview listener).
        case prePromotion
        /// Blue-green, after the switch.
        case postPromotion
        /// A canary step.
        case canaryStep

        /// The purpose in words, for messages people read: `canary step`, `between batches`...
        public var summary: String {
            switch self {
            case .betweenBatches: "between batches"
            case .prePromotion: "pre-promotion"
            case .postPromotion: "post-promotion"
            case .canaryStep: "canary step"
            }
        }
    }

    /// Why the analysis runs.
    public var purpose: Purpose
    /// The policy: window, metrics, minimum samples, comparison with stable.
    public var policy: AnalysisPolicy
    /// The revision judged.
    public var candidate: RevisionID
    /// The revision compared with, when `policy.compareWithStable`.
    public var baseline: RevisionID?

    /// Creates a request.
    public init(purpose: Purpose, policy: AnalysisPolicy, candidate: RevisionID, baseline: RevisionID?) {
        self.purpose = purpose
        self.policy = policy
        self.candidate = candidate
        self.baseline = baseline
    }

    private enum CodingKeys: String, CodingKey {
        case purpose, candidate, baseline, intervalMilliseconds, windowMilliseconds, failureLimit, minSamples
        case inconclusive, inconclusiveLimit, compareWithStable, metrics, failFast, failFastMargin, warmupMilliseconds
    }

    /// Decodes a request; the policy is stored field by field.
    public init(from decoder: any Decoder) throws {
        let box = try decoder.container(keyedBy: CodingKeys.self)
        purpose = try box.decode(Purpose.self, forKey: .purpose)
        candidate = try box.decode(RevisionID.self, forKey: .candidate)
        baseline = try box.decodeIfPresent(RevisionID.self, forKey: .baseline)
        let inconclusiveText = try box.decode(String.self, forKey: .inconclusive)
        guard let inconclusive = AnalysisPolicy.InconclusiveAction(rawValue: inconclusiveText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .inconclusive, in: box, debugDescription: "unknown inconclusive action \(inconclusiveText)")
        }
        let metrics = try box.decode([String].self, forKey: .metrics).map { name in
            guard let metric = AnalysisPolicy.Metric(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .metrics, in: box, debugDescription: "unknown metric \(name)")
            }
            return metric
        }
        policy = AnalysisPolicy(
            interval: TimeSpan(milliseconds: try box.decode(Int64.self, forKey: .intervalMilliseconds)),
            window: TimeSpan(milliseconds: try box.decode(Int64.self, forKey: .windowMilliseconds)),
            failureLimit: try box.decode(Int.self, forKey: .failureLimit),
            minSamples: try box.decode(Int.self, forKey: .minSamples), inconclusive: inconclusive,
            inconclusiveLimit: try box.decode(Int.self, forKey: .inconclusiveLimit),
            compareWithStable: try box.decode(Bool.self, forKey: .compareWithStable), metrics: metrics,
            // Requests stored before fail-fast existed judged without it.
            failFast: try box.decodeIfPresent(Bool.self, forKey: .failFast) ?? false,
            failFastMargin: try box.decodeIfPresent(Double.self, forKey: .failFastMargin) ?? 2,
            // Requests stored before warm-up existed judged every request.
            warmup: TimeSpan(milliseconds: try box.decodeIfPresent(Int64.self, forKey: .warmupMilliseconds) ?? 0))
    }

    /// Encodes a request; the policy is stored field by field.
    public func encode(to encoder: any Encoder) throws {
        var box = encoder.container(keyedBy: CodingKeys.self)
        try box.encode(purpose, forKey: .purpose)
        try box.encode(candidate, forKey: .candidate)
        try box.encodeIfPresent(baseline, forKey: .baseline)
        try box.encode(policy.interval.milliseconds, forKey: .intervalMilliseconds)
        try box.encode(policy.window.milliseconds, forKey: .windowMilliseconds)
        try box.encode(policy.failureLimit, forKey: .failureLimit)
        try box.encode(policy.minSamples, forKey: .minSamples)
        try box.encode(policy.inconclusive.rawValue, forKey: .inconclusive)
        try box.encode(policy.inconclusiveLimit, forKey: .inconclusiveLimit)
        try box.encode(policy.compareWithStable, forKey: .compareWithStable)
        try box.encode(policy.metrics.map(\.rawValue), forKey: .metrics)
        try box.encode(policy.failFast, forKey: .failFast)
        try box.encode(policy.failFastMargin, forKey: .failFastMargin)
        try box.encode(policy.warmup.milliseconds, forKey: .warmupMilliseconds)
    }
}
