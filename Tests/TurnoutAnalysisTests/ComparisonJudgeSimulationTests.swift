import Foundation
import Testing

@testable import TurnoutAnalysis

/// How often the comparison judge fails a release that is no worse (false positives), and how often it
/// catches one that is 30 % slower (power), over 1000 seeded trials of 200 requests per side drawn from a
/// log-normal latency distribution (median 80 ms, log-sd 0.4: P95 ~ 155 ms, inside the Stage-2 SLO).
struct ComparisonJudgeSimulationTests {
    static let trials = 1000
    static let perSide = 200
    static let bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5]

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// The share of trials the judge called worse, with the candidate's latency multiplied by `factor`.
    static func failRate(factor: Double, seed: UInt64, bucketed: Bool) -> Double {
        var random = SeededRandom(seed: seed)
        let judge = ComparisonJudge()
        var worse = 0
        for _ in 0..<trials {
            let baseline = (0..<perSide).map { _ in random.logNormal(median: 0.080, sigma: 0.4) }
            let candidate = (0..<perSide).map { _ in random.logNormal(median: 0.080, sigma: 0.4) * factor }
            let comparison: Comparison
            if bucketed {
                comparison = judge.compareLatency(
                    candidate: .histogram(CumulativeHistogram(observations: candidate, bounds: bounds)),
                    baseline: .histogram(CumulativeHistogram(observations: baseline, bounds: bounds)))
            } else {
                comparison = judge.compareLatency(candidate: .samples(candidate), baseline: .samples(baseline))
            }
            if comparison.finding == .worse { worse += 1 }
        }
        return Double(worse) / Double(trials)
    }

    /// The share of trials the error comparison called worse: both at `baselineRate`, candidate at `candidateRate`.
    static func errorFailRate(baselineRate: Double, candidateRate: Double, requests: Int, seed: UInt64) -> Double {
        var random = SeededRandom(seed: seed)
        let judge = ComparisonJudge()
        var worse = 0
        for _ in 0..<trials {
            let x1 = (0..<requests).count { _ in Double.random(in: 0..<1, using: &random) < candidateRate }
            let x2 = (0..<requests).count { _ in Double.random(in: 0..<1, using: &random) < baselineRate }
            if judge.compareErrors(candidateErrors: x1, candidateRequests: requests, baselineErrors: x2, baselineRequests: requests).finding == .worse {
                worse += 1
            }
        }
        return Double(worse) / Double(trials)
    }

    @Test func falsePositiveRateOnPerRequestSamples() {
        let rate = Self.failRate(factor: 1, seed: 100, bucketed: false)
        print("comparison judge, per-request samples: false-fail rate \(Self.percent(rate)) over \(Self.trials) trials of \(Self.perSide)+\(Self.perSide)")
        #expect(rate < 0.02)
    }

    @Test func powerOnPerRequestSamples() {
        let rate = Self.failRate(factor: 1.3, seed: 200, bucketed: false)
        print("comparison judge, per-request samples: +30% latency detected in \(Self.percent(rate)) of \(Self.trials) trials")
        #expect(rate > 0.9)
    }

    @Test func falsePositiveRateOnHistogramBuckets() {
        let rate = Self.failRate(factor: 1, seed: 300, bucketed: true)
        print("comparison judge, histogram buckets: false-fail rate \(Self.percent(rate)) over \(Self.trials) trials")
        #expect(rate < 0.02)
    }

    @Test func powerOnHistogramBuckets() {
        let rate = Self.failRate(factor: 1.3, seed: 400, bucketed: true)
        print("comparison judge, histogram buckets: +30% latency detected in \(Self.percent(rate)) of \(Self.trials) trials")
        #expect(rate > 0.8)
    }

    @Test func errorComparisonFalsePositivesAndPower() {
        let same = Self.errorFailRate(baselineRate: 0.01, candidateRate: 0.01, requests: 2000, seed: 500)
        let worse = Self.errorFailRate(baselineRate: 0.01, candidateRate: 0.03, requests: 2000, seed: 600)
        print("error comparison, 2000 requests per side: false-fail rate \(Self.percent(same)) at 1% vs 1%; 3% vs 1% detected in \(Self.percent(worse))")
        #expect(same < 0.02)
        #expect(worse > 0.9)
    }
}
