/// Van Elteren's stratified Mann-Whitney test, one-sided: is the candidate slower within strata (routes)?
///
/// Each stratum's U is compared with its expectation, weighted by 1 / (n + 1) (n: the stratum's samples on
/// both sides), so that a route that answers slowly by nature weighs no more for being asked more often on
/// one side: a candidate that happens to serve more `/posts` and fewer `/health` requests is not "slower".
/// Strata with fewer than `minimumPerStratum` samples on either side are left out (and named).
public struct StratifiedMannWhitney: Sendable, Hashable {
    /// One stratum compared.
    public struct Stratum: Sendable, Hashable {
        /// Its name (a route).
        public var name: String
        /// The test within it.
        public var test: MannWhitneyU
        /// The candidate's typical latency in it (10 %-trimmed mean).
        public var candidateCentre: Double
        /// The baseline's typical latency in it (10 %-trimmed mean).
        public var baselineCentre: Double

        /// Samples on both sides.
        public var size: Int { test.candidateCount + test.baselineCount }
    }

    /// The strata compared, largest first.
    public var strata: [Stratum]
    /// Strata left out for too few samples on a side.
    public var skipped: [String]
    /// The standardized combined statistic.
    public var z: Double
    /// One-sided p-value for "candidate slower".
    public var pValue: Double

    /// Candidate samples in the compared strata.
    public var candidateCount: Int { strata.reduce(0) { $0 + $1.test.candidateCount } }
    /// Baseline samples in the compared strata.
    public var baselineCount: Int { strata.reduce(0) { $0 + $1.test.baselineCount } }

    /// P(a candidate request is slower than a baseline request of the same route), averaged over the strata
    /// by size; 0.5 means no difference.
    public var probabilityOfSuperiority: Double {
        let total = strata.reduce(0) { $0 + $1.size }
        guard total > 0 else { return 0.5 }
        return strata.reduce(0.0) { $0 + $1.test.probabilityOfSuperiority * Double($1.size) } / Double(total)
    }

    /// The increase of the candidate's typical latency over the baseline's, averaged over the strata by size
    /// (seconds).
    public var increase: Double {
        let total = strata.reduce(0) { $0 + $1.size }
        guard total > 0 else { return 0 }
        return strata.reduce(0.0) { $0 + ($1.candidateCentre - $1.baselineCentre) * Double($1.size) } / Double(total)
    }

    /// ``increase`` relative to the baseline's typical latencies averaged the same way (0.2 = 20 % slower).
    public var relativeIncrease: Double {
        let total = strata.reduce(0) { $0 + $1.size }
        guard total > 0 else { return 0 }
        let base = strata.reduce(0.0) { $0 + $1.baselineCentre * Double($1.size) } / Double(total)
        return base > 0 ? increase / base : (increase > 0 ? .infinity : 0)
    }

    /// The test over per-stratum latencies of each side.
    public static func test(candidate: [String: [Double]], baseline: [String: [Double]], minimumPerStratum: Int = 10) -> StratifiedMannWhitney {
        var strata: [Stratum] = []
        var skipped: [String] = []
        for name in Set(candidate.keys).union(baseline.keys).sorted() {
            let a = candidate[name] ?? [], b = baseline[name] ?? []
            guard a.count >= max(1, minimumPerStratum), b.count >= max(1, minimumPerStratum),
                  let m1 = SampleStatistics.trimmedMean(a), let m2 = SampleStatistics.trimmedMean(b) else {
                if !a.isEmpty || !b.isEmpty { skipped.append(name) }
                continue
            }
            strata.append(Stratum(name: name, test: MannWhitneyU.test(candidate: a, baseline: b), candidateCentre: m1, baselineCentre: m2))
        }
        strata.sort { ($0.size, $1.name) > ($1.size, $0.name) }
        var statistic = 0.0, expected = 0.0, variance = 0.0
        for stratum in strata {
            let test = stratum.test
            let weight = 1 / Double(stratum.size + 1)
            statistic += weight * test.u
            expected += weight * Double(test.candidateCount) * Double(test.baselineCount) / 2
            variance += weight * weight * test.variance
        }
        var z = 0.0, p = 1.0
        if variance > 0 {
            z = (statistic - expected) / variance.squareRoot()
            p = NormalDistribution.upperTail(z)
        }
        return StratifiedMannWhitney(strata: strata, skipped: skipped, z: z, pValue: p)
    }
}
