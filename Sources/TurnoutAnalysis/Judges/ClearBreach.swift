/// Decides whether a failed judgement is a clear breach, one that fails a rollout step at once instead of
/// after `failure_limit` failed measurements in a row. Clear means enough evidence that a repeat would only
/// cost traffic:
///
/// - latency (P95, P99): at least `minimumSamples` requests and the value at least `margin` times the SLO;
/// - error rate: at least `minimumSamples` requests, the share at least `margin` times the SLO, and so many
///   errors that a release truly at the SLO would show them with probability below `alpha` (exact binomial);
/// - cache hit rate: at least `minimumSamples` lookups, the rate at most the review level divided by
///   `margin`, and so few hits that a cache truly at the review level would show them with probability
///   below `alpha`;
/// - pending tasks: at least `margin` times the objective.
///
/// When the stable revision's reading of the same metric from the same source is known (with enough
/// samples), the margin is taken over the worse of the objective and the stable value, so a host that is
/// slow for every revision does not fail a candidate at once. CPU and Redis memory are never clear breaches:
/// they are shared and noisy, and keep the failure limit.
public struct ClearBreach: Sendable, Hashable {
    /// How far beyond the objective (a factor, at least 1).
    public var margin: Double
    /// Samples the reading (and a baseline used as reference) needs.
    public var minimumSamples: Int
    /// The significance level of the binomial tests.
    public var alpha: Double

    /// Creates the rule.
    public init(margin: Double = 2, minimumSamples: Int = 50, alpha: Double = 0.001) {
        self.margin = max(1, margin)
        self.minimumSamples = max(1, minimumSamples)
        self.alpha = alpha
    }

    /// Why `judgement` is a clear breach, or `nil` when it is not one (it passed, is borderline, or rests
    /// on too few samples). `baseline` is the stable revision's reading of the same metric, if any.
    public func assess(_ judgement: MetricJudgement, baseline: MetricReading? = nil) -> String? {
        guard judgement.status == .fail else { return nil }
        let reading = judgement.reading, name = reading.name
        let usable = baseline.flatMap { ($0.samples ?? 0) >= minimumSamples && !$0.value.isNaN ? $0 : nil }
        let factor = MetricName.format(margin, digits: margin == margin.rounded() ? 0 : 1) + "×"
        switch name {
        case .latencyP95, .latencyP99:
            guard let n = reading.samples, n >= minimumSamples else { return nil }
            let (reference, what) = worse(judgement.limit, usable, higherIsWorse: true)
            guard reading.value >= margin * reference else { return nil }
            return "\(n) requests, at least \(factor) \(what) of \(name.render(reference))"
        case .errorRate:
            guard let n = reading.samples, n >= minimumSamples else { return nil }
            let (reference, what) = worse(judgement.limit, usable, higherIsWorse: true)
            let errors = Int((reading.value * Double(n)).rounded())
            let p = BinomialTest.upperTail(errors, trials: n, probability: reference)
            guard reading.value >= margin * reference, p < alpha else { return nil }
            return "\(errors) of \(n) requests failed, at least \(factor) \(what) of \(name.render(reference)), binomial p=\(Self.pValue(p)) < \(Self.pValue(alpha))"
        case .cacheHitRate:
            guard let n = reading.samples, n >= minimumSamples else { return nil }
            let (reference, what) = worse(judgement.failBelow ?? judgement.limit, usable, higherIsWorse: false, objective: "the review level")
            let hits = Int((reading.value * Double(n)).rounded())
            let p = BinomialTest.lowerTail(hits, trials: n, probability: reference)
            guard reading.value <= reference / margin, p < alpha else { return nil }
            return "\(hits) hits in \(n) lookups, at most 1/\(factor) \(what) of \(name.render(reference)), binomial p=\(Self.pValue(p)) < \(Self.pValue(alpha))"
        case .queueLength:
            guard reading.value >= margin * judgement.limit else { return nil }
            return "at least \(factor) the objective of \(name.render(judgement.limit))"
        default:
            return nil
        }
    }

    /// The reference the margin is taken over: the objective, or the stable revision's value when worse.
    private func worse(_ limit: Double, _ baseline: MetricReading?, higherIsWorse: Bool, objective: String = "the SLO") -> (Double, String) {
        guard let baseline else { return (limit, objective) }
        let isWorse = higherIsWorse ? baseline.value > limit : baseline.value < limit
        return isWorse ? (baseline.value, "the stable \(baseline.subject)'s value") : (limit, objective)
    }

    static func pValue(_ p: Double) -> String {
        p == 0 ? "0" : (p < 0.0001 ? "<0.0001" : MetricName.format(p, digits: 4))
    }
}
