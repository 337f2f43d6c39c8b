import Testing

@testable import TurnoutAnalysis

/// Mann-Whitney U and the two-proportion test against values computed by hand and checked with SciPy
/// (`mannwhitneyu(..., alternative="greater", method="asymptotic", use_continuity=True)`).
struct MannWhitneyUTests {
    @Test func smallSampleWithATie() {
        // Ranks 1, 2, 3.5 | 3.5, 5, 6: R1 = 14.5, U = 14.5 - 6 = 8.5; var = 9/12 (7 - 6/30) = 5.1.
        let test = MannWhitneyU.test(candidate: [3, 4, 5], baseline: [1, 2, 3])
        #expect(test.u == 8.5)
        #expect(abs(test.pValue - 0.060591636418731595) < 1e-12)
        #expect(abs(test.probabilityOfSuperiority - 8.5 / 9) < 1e-12)
    }

    @Test func latenciesWithTies() {
        let test = MannWhitneyU.test(candidate: [0.05, 0.07, 0.07, 0.09, 0.12, 0.12, 0.15, 0.2], baseline: [0.04, 0.05, 0.06, 0.07, 0.07, 0.08, 0.1])
        #expect(test.u == 43.5)
        #expect(abs(test.pValue - 0.039645383974392955) < 1e-12)
    }

    @Test func groupedCountsMatchExpandedSamples() {
        // Bucket counts as ordered categories: candidate [10, 20, 30, 5], baseline [20, 25, 10, 2].
        let grouped = MannWhitneyU.test(candidateCounts: [10, 20, 30, 5], baselineCounts: [20, 25, 10, 2])
        #expect(grouped.u == 2530)
        #expect(abs(grouped.pValue - 0.00012473269921820315) < 1e-12)
        let expanded = MannWhitneyU.test(
            candidate: Array(repeating: 0, count: 10) + Array(repeating: 1, count: 20) + Array(repeating: 2, count: 30) + Array(repeating: 3, count: 5),
            baseline: Array(repeating: 0, count: 20) + Array(repeating: 1, count: 25) + Array(repeating: 2, count: 10) + Array(repeating: 3, count: 2))
        #expect(abs(expanded.pValue - grouped.pValue) < 1e-15)
    }

    @Test func degenerateInputs() {
        #expect(MannWhitneyU.test(candidate: [], baseline: [1, 2]).pValue == 1)
        #expect(MannWhitneyU.test(candidate: [1, 1], baseline: [1, 1]).pValue == 1)  // all tied: no variance
        let better = MannWhitneyU.test(candidate: [1, 2, 3], baseline: [7, 8, 9])
        #expect(better.pValue > 0.9)
        #expect(better.rankBiserial == -1)
    }

    @Test("two proportions", arguments: [
        // (x1, n1, x2, n2, z, p) by hand: pooled p = 0.02, se = sqrt(0.02 * 0.98 * 0.002).
        (30.0, 1000.0, 10.0, 1000.0, 3.1943828249996993, 0.0007006507904801084),
        (10.0, 1000.0, 10.0, 1000.0, 0, 0.5),
        (0.0, 500.0, 0.0, 500.0, 0, 1),
    ])
    func twoProportions(_ x1: Double, _ n1: Double, _ x2: Double, _ n2: Double, _ z: Double, _ p: Double) {
        let test = TwoProportionTest.test(candidateFailures: x1, candidateTrials: n1, baselineFailures: x2, baselineTrials: n2)
        #expect(abs(test.z - z) < 1e-12)
        #expect(abs(test.pValue - p) < 1e-12)
    }

    @Test func normalTails() {
        #expect(abs(NormalDistribution.cdf(0) - 0.5) < 1e-15)
        #expect(abs(NormalDistribution.upperTail(2.326347874040841) - 0.01) < 1e-12)
        #expect(NormalDistribution.upperTail(30) > 0)
    }
}
