import Foundation

/// Compares a candidate revision with the baseline over the same samples, failing only on evidence:
///
/// - Latency: a one-sided Mann-Whitney U test (candidate slower) at significance `alpha`, route by route
///   when routes are known (van Elteren's stratified test, so a different mix of fast and slow routes on
///   the two sides is not a difference), on per-request latencies or on histogram buckets (requests in one
///   bucket are ties). Worse only if also the candidate's typical latency exceeds the baseline's by more
///   than `latencyFloor` seconds AND by more than `latencyRelativeFloor` of it, so that small differences
///   on small numbers never fail a release. Typical is the 10 %-trimmed mean of raw samples (per route,
///   averaged by size: nginx logs to the millisecond, and a median moves by whole milliseconds, +33 % on a
///   3 ms route for a good release), the median of a histogram.
/// - Errors: a one-sided two-proportion z-test at `alpha`; worse only if also the candidate's share exceeds
///   the baseline's by more than `errorRateFloor` (absolute).
///
/// Either side below `minimumSamples` is insufficient data, never a pass or a fail. Latencies are compared
/// only when each candidate instance carried at most `maximumLoadRatio` times a baseline instance's load
/// (``LoadRatio``: the router's weights, or the requests served when those are higher): on a busy host an
/// instance holding three times the requests in flight answers slower whatever its release (one canary
/// instance taking half the traffic from three stable ones was rolled back that way, release after release).
/// A lighter-loaded candidate is compared: that can only favour it.
public struct ComparisonJudge: Sendable, Hashable {
    /// Significance level; 0.01 keeps false rollbacks rare.
    public var alpha: Double
    /// Samples each side needs.
    public var minimumSamples: Int
    /// Absolute increase of the typical latency (seconds) that must be exceeded.
    public var latencyFloor: Double
    /// Relative increase of the typical latency (0.2 = 20 %) that must be exceeded.
    public var latencyRelativeFloor: Double
    /// Absolute error-share increase (0.001 = 0.1 percentage point) that must be exceeded.
    public var errorRateFloor: Double
    /// Load per candidate instance, relative to a baseline instance's, above which latencies are not
    /// compared.
    public var maximumLoadRatio: Double
    /// Samples a route needs on each side to be compared.
    public var minimumPerRoute: Int

    /// Creates a judge.
    public init(alpha: Double = 0.01, minimumSamples: Int = 50, latencyFloor: Double = 0.002, latencyRelativeFloor: Double = 0.20, errorRateFloor: Double = 0.001,
                maximumLoadRatio: Double = 1.25, minimumPerRoute: Int = 10) {
        self.alpha = alpha
        self.minimumSamples = minimumSamples
        self.latencyFloor = latencyFloor
        self.latencyRelativeFloor = latencyRelativeFloor
        self.errorRateFloor = errorRateFloor
        self.maximumLoadRatio = maximumLoadRatio
        self.minimumPerRoute = minimumPerRoute
    }

    /// Latency observations of one revision.
    public enum LatencyData: Sendable, Hashable {
        /// Per-request latencies in seconds.
        case samples([Double])
        /// Per-request latencies in seconds by route.
        case routes([String: [Double]])
        /// A window's latency histogram.
        case histogram(CumulativeHistogram)

        var count: Int {
            switch self {
            case .samples(let values): return values.count
            case .routes(let routes): return routes.values.reduce(0) { $0 + $1.count }
            case .histogram(let histogram): return Int(histogram.total.rounded())
            }
        }

        var median: Double? {
            switch self {
            case .samples(let values): return SampleStatistics.median(values)
            case .routes: return SampleStatistics.median(flattened)
            case .histogram(let histogram): return histogram.quantile(0.5)
            }
        }

        /// Every latency, routes merged.
        var flattened: [Double] {
            switch self {
            case .samples(let values): return values
            case .routes(let routes): return routes.keys.sorted().flatMap { routes[$0]! }
            case .histogram: return []
            }
        }

        func histogram(bounds: [Double]) -> CumulativeHistogram {
            switch self {
            case .samples, .routes: return CumulativeHistogram(observations: flattened, bounds: bounds)
            case .histogram(let histogram): return histogram
            }
        }
    }

    /// Compares latency distributions; `candidateLoad` and `baselineLoad` (when known) say how loaded each
    /// side's instances were.
    public func compareLatency(candidate: LatencyData, baseline: LatencyData, candidateName: String = "candidate", baselineName: String = "baseline",
                               candidateLoad: InstanceLoad? = nil, baselineLoad: InstanceLoad? = nil) -> Comparison {
        let n1 = candidate.count, n2 = baseline.count
        func comparison(_ finding: Comparison.Finding, _ summary: String) -> Comparison {
            Comparison(metric: .latencyP50, finding: finding, pValue: 1, effect: 0.5, candidateValue: candidate.median ?? .nan,
                       baselineValue: baseline.median ?? .nan, candidateSamples: n1, baselineSamples: n2, summary: summary)
        }
        if let candidateLoad, let baselineLoad, let ratio = LoadRatio(candidate: candidateLoad, baseline: baselineLoad), ratio.value > maximumLoadRatio {
            return comparison(.unequalLoad, Self.unequalLoadSummary(ratio, candidateLoad, baselineLoad, candidateName, baselineName, limit: maximumLoadRatio))
        }
        guard n1 >= max(1, minimumSamples), n2 >= max(1, minimumSamples), let m1 = candidate.median, let m2 = baseline.median else {
            return comparison(.insufficientData, "latency of \(candidateName) not compared with \(baselineName): \(n1) and \(n2) samples, at least \(max(1, minimumSamples)) each needed")
        }
        if case .routes(let a) = candidate, case .routes(let b) = baseline {
            return compareRoutes(a, b, candidateName: candidateName, baselineName: baselineName, overall: (m1, m2))
        }
        let test: MannWhitneyU
        var typical = (m1, m2), what = "median latency", how = ""
        switch (candidate, baseline) {
        case (.histogram, _), (_, .histogram):
            let bounds = Self.bounds(candidate, baseline)
            let a = candidate.histogram(bounds: bounds), b = baseline.histogram(bounds: bounds)
            let common = Set(a.buckets.map(\.upperBound)).union(b.buckets.map(\.upperBound)).sorted()
            test = MannWhitneyU.test(candidateCounts: Self.counts(a, at: common), baselineCounts: Self.counts(b, at: common))
        default:
            let a = candidate.flattened, b = baseline.flattened
            test = MannWhitneyU.test(candidate: a, baseline: b)
            if let t1 = SampleStatistics.trimmedMean(a), let t2 = SampleStatistics.trimmedMean(b) { typical = (t1, t2); what = "latency"; how = ", 10%-trimmed means" }
        }
        let increase = typical.0 - typical.1
        let relative = typical.1 > 0 ? increase / typical.1 : (increase > 0 ? .infinity : 0)
        let significant = test.pValue < alpha
        let finding: Comparison.Finding = significant && beyondFloors(increase, relative) ? .worse : .notWorse
        let summary = String(
            format: "%@ of %@ is %@ against %@ for %@ (%@%.0f%%%@), Mann-Whitney one-sided p=%.2g (alpha %.2g), P(slower)=%.2f, %d vs %d samples%@",
            what, candidateName, MetricName.latencyP50.render(typical.0), MetricName.latencyP50.render(typical.1), baselineName, relative >= 0 ? "+" : "",
            relative * 100, how, test.pValue, alpha, test.probabilityOfSuperiority, n1, n2, floorNote(finding, significant))
        return Comparison(metric: .latencyP50, finding: finding, pValue: test.pValue, effect: test.probabilityOfSuperiority, candidateValue: typical.0,
                          baselineValue: typical.1, candidateSamples: n1, baselineSamples: n2, summary: summary)
    }

    /// The route-by-route comparison (van Elteren), its floors on the size-weighted median increase.
    private func compareRoutes(_ candidate: [String: [Double]], _ baseline: [String: [Double]], candidateName: String, baselineName: String,
                               overall: (Double, Double)) -> Comparison {
        let test = StratifiedMannWhitney.test(candidate: candidate, baseline: baseline, minimumPerStratum: minimumPerRoute)
        let n1 = test.candidateCount, n2 = test.baselineCount
        guard n1 >= max(1, minimumSamples), n2 >= max(1, minimumSamples) else {
            return Comparison(metric: .latencyP50, finding: .insufficientData, pValue: 1, effect: 0.5, candidateValue: overall.0, baselineValue: overall.1,
                              candidateSamples: n1, baselineSamples: n2,
                              summary: "latency of \(candidateName) not compared with \(baselineName): \(n1) and \(n2) samples on routes both served at least \(minimumPerRoute) times, at least \(max(1, minimumSamples)) each needed")
        }
        let increase = test.increase, relative = test.relativeIncrease
        let significant = test.pValue < alpha
        let finding: Comparison.Finding = significant && beyondFloors(increase, relative) ? .worse : .notWorse
        let routes = test.strata.prefix(3).map { stratum in
            "\(stratum.name) \(MetricName.latencyP50.render(stratum.candidateCentre)) vs \(MetricName.latencyP50.render(stratum.baselineCentre))"
        }.joined(separator: ", ") + (test.strata.count > 3 ? ", ..." : "")
        let summary = String(
            format: "latency of %@ is %@%.0f%% against %@ route by route (10%%-trimmed means: %@), van Elteren one-sided p=%.2g (alpha %.2g), P(slower)=%.2f, %d vs %d samples%@",
            candidateName, relative >= 0 ? "+" : "", relative * 100, baselineName, routes, test.pValue, alpha, test.probabilityOfSuperiority, n1, n2,
            floorNote(finding, significant))
        return Comparison(metric: .latencyP50, finding: finding, pValue: test.pValue, effect: test.probabilityOfSuperiority, candidateValue: overall.0,
                          baselineValue: overall.1, candidateSamples: n1, baselineSamples: n2, summary: summary)
    }

    private func beyondFloors(_ increase: Double, _ relative: Double) -> Bool {
        increase > latencyFloor && relative > latencyRelativeFloor
    }

    private func floorNote(_ finding: Comparison.Finding, _ significant: Bool) -> String {
        finding == .worse || !significant ? "" : "; under the floor of +\(MetricName.latencyP50.render(latencyFloor)) and +\(Int(latencyRelativeFloor * 100))%"
    }

    static func unequalLoadSummary(_ ratio: LoadRatio, _ candidate: InstanceLoad, _ baseline: InstanceLoad, _ candidateName: String, _ baselineName: String,
                                   limit: Double) -> String {
        var because: [String] = []
        if let weights = ratio.weights, let a = candidate.routingWeight, let b = baseline.routingWeight {
            because.append(String(format: "router weight %g against %g (%.1fx)", a, b, weights))
        }
        because.append(String(format: "%d requests on %d against %d on %d (%.1fx)", candidate.requests, candidate.instances, baseline.requests, baseline.instances,
                              ratio.served))
        return String(format: "latency of %@ not compared with %@: each %@ instance carried %.1fx the load of a %@ instance (%@; above %.2gx, slower answers would show load, not the release)",
                      candidateName, baselineName, candidateName, ratio.value, baselineName, because.joined(separator: "; "), limit)
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
