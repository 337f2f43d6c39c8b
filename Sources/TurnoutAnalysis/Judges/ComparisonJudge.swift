import Foundation

/// Compares a candidate revision with the baseline over the same window, failing only on evidence:
///
/// - Latency: a one-sided Mann-Whitney U test (candidate slower) at significance `alpha`, on per-request
///   latencies or on histogram buckets (requests in one bucket are ties). Worse only if also the candidate's
///   median exceeds the baseline's by more than `latencyFloor` seconds AND by more than
///   `latencyRelativeFloor` of it, so small differences on small numbers never fail a release.
/// - Errors: a one-sided two-proportion z-test at `alpha`; worse only if also the candidate's share exceeds
///   the baseline's by more than `errorRateFloor` (absolute).
///
/// Either side below `minimumSamples` is insufficient data, never a pass or a fail. Latencies are compared
/// only when each candidate instance served at most `maximumLoadRatio` times the requests of a baseline
/// instance over the window: a canary with one instance taking half the traffic from three stable ones
/// answers slower on a busy host whatever its release (two of ten good releases were rolled back that way).
public struct ComparisonJudge: Sendable, Hashable {
    /// Significance level; 0.01 keeps false rollbacks rare.
    public var alpha: Double
    /// Samples each side needs.
    public var minimumSamples: Int
    /// Absolute median latency increase (seconds) that must be exceeded.
    public var latencyFloor: Double
    /// Relative median latency increase (0.2 = 20 %) that must be exceeded.
    public var latencyRelativeFloor: Double
    /// Absolute error-share increase (0.001 = 0.1 percentage point) that must be exceeded.
    public var errorRateFloor: Double
    /// Requests per candidate instance, relative to those per baseline instance, above which latencies are
    /// not compared.
    public var maximumLoadRatio: Double

    /// Creates a judge.
    public init(alpha: Double = 0.01, minimumSamples: Int = 50, latencyFloor: Double = 0.010, latencyRelativeFloor: Double = 0.20, errorRateFloor: Double = 0.001,
                maximumLoadRatio: Double = 1.5) {
        self.alpha = alpha
        self.minimumSamples = minimumSamples
        self.latencyFloor = latencyFloor
        self.latencyRelativeFloor = latencyRelativeFloor
        self.errorRateFloor = errorRateFloor
        self.maximumLoadRatio = maximumLoadRatio
    }

    /// Latency observations of one revision.
    public enum LatencyData: Sendable, Hashable {
        /// Per-request latencies in seconds.
        case samples([Double])
        /// A window's latency histogram.
        case histogram(CumulativeHistogram)

        var count: Int {
            switch self {
            case .samples(let values): return values.count
            case .histogram(let histogram): return Int(histogram.total.rounded())
            }
        }

        var median: Double? {
            switch self {
            case .samples(let values): return SampleStatistics.median(values)
            case .histogram(let histogram): return histogram.quantile(0.5)
            }
        }

        func histogram(bounds: [Double]) -> CumulativeHistogram {
            switch self {
            case .samples(let values): return CumulativeHistogram(observations: values, bounds: bounds)
            case .histogram(let histogram): return histogram
            }
        }
    }

    /// Compares latency distributions; `candidateInstances` and `baselineInstances` (when known) weigh the
    /// requests each side served per instance.
    public func compareLatency(candidate: LatencyData, baseline: LatencyData, candidateName: String = "candidate", baselineName: String = "baseline",
                               candidateInstances: Int? = nil, baselineInstances: Int? = nil) -> Comparison {
        let n1 = candidate.count, n2 = baseline.count
        if let c = candidateInstances, let b = baselineInstances, c > 0, b > 0, n2 > 0 {
            let ratio = (Double(n1) / Double(c)) / (Double(n2) / Double(b))
            if ratio > maximumLoadRatio {
                return Comparison(metric: .latencyP50, finding: .unequalLoad, pValue: 1, effect: 0.5, candidateValue: candidate.median ?? .nan,
                                  baselineValue: baseline.median ?? .nan, candidateSamples: n1, baselineSamples: n2,
                                  summary: String(format: "latency of %@ not compared with %@: each %@ instance served %.1fx the requests of a %@ instance (%d on %d against %d on %d; above %.1fx, slower answers would show load, not the release)",
                                                  candidateName, baselineName, candidateName, ratio, baselineName, n1, c, n2, b, maximumLoadRatio))
            }
        }
        guard n1 >= max(1, minimumSamples), n2 >= max(1, minimumSamples), let m1 = candidate.median, let m2 = baseline.median else {
            return Comparison(metric: .latencyP50, finding: .insufficientData, pValue: 1, effect: 0.5, candidateValue: candidate.median ?? .nan,
                              baselineValue: baseline.median ?? .nan, candidateSamples: n1, baselineSamples: n2,
                              summary: "latency of \(candidateName) not compared with \(baselineName): \(n1) and \(n2) samples, at least \(max(1, minimumSamples)) each needed")
        }
        let test: MannWhitneyU
        switch (candidate, baseline) {
        case (.samples(let a), .samples(let b)):
            test = MannWhitneyU.test(candidate: a, baseline: b)
        default:
            let bounds = Self.bounds(candidate, baseline)
            let a = candidate.histogram(bounds: bounds), b = baseline.histogram(bounds: bounds)
            let common = Set(a.buckets.map(\.upperBound)).union(b.buckets.map(\.upperBound)).sorted()
            test = MannWhitneyU.test(candidateCounts: Self.counts(a, at: common), baselineCounts: Self.counts(b, at: common))
        }
        let increase = m1 - m2
        let relative = m2 > 0 ? increase / m2 : (increase > 0 ? .infinity : 0)
        let significant = test.pValue < alpha
        let beyondFloor = increase > latencyFloor && relative > latencyRelativeFloor
        let finding: Comparison.Finding = significant && beyondFloor ? .worse : .notWorse
        let summary = String(
            format: "median latency of %@ is %@ against %@ for %@ (%@%.0f%%), Mann-Whitney one-sided p=%.2g (alpha %.2g), P(slower)=%.2f, %d vs %d samples%@",
            candidateName, MetricName.latencyP50.render(m1), MetricName.latencyP50.render(m2), baselineName, relative >= 0 ? "+" : "",
            relative * 100, test.pValue, alpha, test.probabilityOfSuperiority, n1, n2,
            finding == .worse ? "" : (significant ? "; under the floor of +\(MetricName.latencyP50.render(latencyFloor)) and +\(Int(latencyRelativeFloor * 100))%" : ""))
        return Comparison(metric: .latencyP50, finding: finding, pValue: test.pValue, effect: test.probabilityOfSuperiority, candidateValue: m1,
                          baselineValue: m2, candidateSamples: n1, baselineSamples: n2, summary: summary)
    }

    /// Compares error shares.
    public func compareErrors(candidateErrors: Int, candidateRequests: Int, baselineErrors: Int, baselineRequests: Int, candidateName: String = "candidate", baselineName: String = "baseline") -> Comparison {
        let test = TwoProportionTest.test(candidateFailures: Double(candidateErrors), candidateTrials: Double(candidateRequests),
                                          baselineFailures: Double(baselineErrors), baselineTrials: Double(baselineRequests))
        let p1 = test.candidateShare, p2 = test.baselineShare
        guard candidateRequests >= max(1, minimumSamples), baselineRequests >= max(1, minimumSamples) else {
            return Comparison(metric: .errorRate, finding: .insufficientData, pValue: 1, effect: p1 - p2, candidateValue: p1, baselineValue: p2,
                              candidateSamples: candidateRequests, baselineSamples: baselineRequests,
                              summary: "error rate of \(candidateName) not compared with \(baselineName): \(candidateRequests) and \(baselineRequests) requests, at least \(max(1, minimumSamples)) each needed")
        }
        let worse = test.pValue < alpha && p1 - p2 > errorRateFloor
        let summary = String(
            format: "error rate of %@ is %@ (%d of %d) against %@ (%d of %d) for %@, two-proportion one-sided p=%.2g (alpha %.2g)%@",
            candidateName, MetricName.errorRate.render(p1), candidateErrors, candidateRequests, MetricName.errorRate.render(p2), baselineErrors,
            baselineRequests, baselineName, test.pValue, alpha,
            !worse && test.pValue < alpha ? "; under the floor of +\(MetricName.errorRate.render(errorRateFloor))" : "")
        return Comparison(metric: .errorRate, finding: worse ? .worse : .notWorse, pValue: test.pValue, effect: p1 - p2, candidateValue: p1,
                          baselineValue: p2, candidateSamples: candidateRequests, baselineSamples: baselineRequests, summary: summary)
    }

    /// Bucket bounds for turning raw samples into a histogram comparable with the other side's.
    static func bounds(_ a: LatencyData, _ b: LatencyData) -> [Double] {
        for side in [a, b] { if case .histogram(let histogram) = side { return histogram.buckets.map(\.upperBound) } }
        return [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5]
    }

    /// Per-bucket counts of `histogram` over the bounds `common`.
    static func counts(_ histogram: CumulativeHistogram, at common: [Double]) -> [Double] {
        var previous = 0.0
        return common.map { bound in
            let cumulative = max(previous, histogram.cumulativeCount(at: bound))
            defer { previous = cumulative }
            return cumulative - previous
        }
    }
}
