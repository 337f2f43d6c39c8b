/// The Mann-Whitney U (Wilcoxon rank-sum) test, one-sided: is the candidate's distribution shifted above the
/// baseline's? Normal approximation with tie correction and a continuity correction.
///
/// Works on grouped data (counts per ordered category), so it takes raw samples (each distinct value a
/// category) and histogram buckets (each bucket a category: ties within a bucket) alike.
public struct MannWhitneyU: Sendable, Hashable {
    /// Candidate sample size.
    public var candidateCount: Int
    /// Baseline sample size.
    public var baselineCount: Int
    /// U of the candidate: the number of (candidate, baseline) pairs where the candidate is larger, ties
    /// counting one half.
    public var u: Double
    /// The variance of U under the null hypothesis (tie-corrected).
    public var variance: Double
    /// The standardized statistic.
    public var z: Double
    /// One-sided p-value for "candidate larger".
    public var pValue: Double

    /// The probability that a random candidate observation exceeds a random baseline one (ties half):
    /// U / (n1 n2); 0.5 means no difference.
    public var probabilityOfSuperiority: Double {
        candidateCount == 0 || baselineCount == 0 ? 0.5 : u / (Double(candidateCount) * Double(baselineCount))
    }

    /// The rank-biserial correlation 2·P(superiority) − 1, in −1...1.
    public var rankBiserial: Double { 2 * probabilityOfSuperiority - 1 }

    /// The test on raw samples.
    public static func test(candidate: [Double], baseline: [Double]) -> MannWhitneyU {
        let values = Array(Set(candidate + baseline).filter { !$0.isNaN }).sorted()
        var index: [Double: Int] = [:]
        for (position, value) in values.enumerated() { index[value] = position }
        var first = [Double](repeating: 0, count: values.count)
        var second = [Double](repeating: 0, count: values.count)
        for value in candidate where !value.isNaN { first[index[value]!] += 1 }
        for value in baseline where !value.isNaN { second[index[value]!] += 1 }
        return test(candidateCounts: first, baselineCounts: second)
    }

    /// The test on counts per ordered category (both arrays in the same category order, smallest first).
    public static func test(candidateCounts: [Double], baselineCounts: [Double]) -> MannWhitneyU {
        let categories = min(candidateCounts.count, baselineCounts.count)
        let n1 = (0..<categories).reduce(0.0) { $0 + max(0, candidateCounts[$1].rounded()) }
        let n2 = (0..<categories).reduce(0.0) { $0 + max(0, baselineCounts[$1].rounded()) }
        let total = n1 + n2
        var below = 0.0, rankSum = 0.0, tieTerm = 0.0
        for category in 0..<categories {
            let a = max(0, candidateCounts[category].rounded()), b = max(0, baselineCounts[category].rounded())
            let tied = a + b
            guard tied > 0 else { continue }
            let midRank = below + (tied + 1) / 2
            rankSum += a * midRank
            tieTerm += tied * tied * tied - tied
            below += tied
        }
        let u = n1 == 0 ? 0 : rankSum - n1 * (n1 + 1) / 2
        let mean = n1 * n2 / 2
        var variance = 0.0
        if total > 1 { variance = n1 * n2 / 12 * ((total + 1) - tieTerm / (total * (total - 1))) }
        var z = 0.0, p = 1.0
        if variance > 0 {
            // Continuity correction for the upper tail: P(U >= u) ~ P(Z >= (u - 0.5 - mean) / sd).
            z = (u - 0.5 - mean) / variance.squareRoot()
            p = NormalDistribution.upperTail(z)
        }
        return MannWhitneyU(candidateCount: Int(n1), baselineCount: Int(n2), u: u, variance: variance, z: z, pValue: p)
    }
}
