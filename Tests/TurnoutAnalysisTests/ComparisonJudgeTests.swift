import Testing

@testable import TurnoutAnalysis

/// The canary-versus-stable judge: tables of clear cases, the floors, and the insufficient-data rule.
struct ComparisonJudgeTests {
    static func spread(_ median: Double, count: Int, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in random.logNormal(median: median, sigma: 0.4) }
    }

    @Test func clearlySlowerCandidateIsWorse() {
        let comparison = ComparisonJudge().compareLatency(
            candidate: .samples(Self.spread(0.120, count: 200, seed: 1)), baseline: .samples(Self.spread(0.060, count: 200, seed: 2)),
            candidateName: "r2", baselineName: "r1")
        #expect(comparison.finding == .worse)
        #expect(comparison.pValue < 1e-10)
        #expect(comparison.effect > 0.8)
        #expect(comparison.summary.hasPrefix("latency of r2 is "))
        #expect(comparison.summary.contains("for r1"))
        #expect(comparison.summary.contains("200 vs 200 samples"))
    }

    @Test("latencies are compared only when each candidate instance carried at most 1.25x a baseline instance's load",
          arguments: [
              // (candidate requests, instances, router weight; baseline requests, instances, weight; compared)
              (300, 1, nil, 300, 3, nil, false),   // canary 50 % on 1 instance against 3 stable: 3x the requests each
              (1329, 1, 3, 3679, 3, 1, false),     // the overloaded canary: 1.08x served, but 3x the weight
              (600, 3, 1, 600, 3, 1, true),        // equal sets, equal weights
              (100, 1, 1, 900, 3, 3, true),        // a 10 % canary: lighter than each stable instance
              (400, 3, 1, 600, 3, 1, true),        // a slower canary serves fewer at equal weights: still compared
              (125, 1, nil, 300, 3, nil, true),    // 1.25x: at the limit, compared
              (130, 1, nil, 300, 3, nil, false),   // above it
              (300, 3, 1, 150, 3, 1, false),       // more requests than its weight says (stable instances out)
          ] as [(Int, Int, Double?, Int, Int, Double?, Bool)])
    func loadGuard(candidate: Int, candidateInstances: Int, candidateWeight: Double?, baseline: Int, baselineInstances: Int, baselineWeight: Double?,
                   compared: Bool) {
        let comparison = ComparisonJudge().compareLatency(
            candidate: .samples(Self.spread(0.030, count: candidate, seed: 11)), baseline: .samples(Self.spread(0.006, count: baseline, seed: 12)),
            candidateName: "r2", baselineName: "r1",
            candidateLoad: InstanceLoad(instances: candidateInstances, requests: candidate, routingWeight: candidateWeight),
            baselineLoad: InstanceLoad(instances: baselineInstances, requests: baseline, routingWeight: baselineWeight))
        #expect(comparison.finding == (compared ? .worse : .unequalLoad), "\(comparison.summary)")
        if !compared {
            #expect(comparison.summary.hasPrefix("latency of r2 not compared with r1: each r2 instance carried "))
            #expect(comparison.summary.contains("\(candidate) requests on \(candidateInstances) against \(baseline) on \(baselineInstances)"))
        }
        if let a = candidateWeight, let b = baselineWeight, !compared, a != b {
            #expect(comparison.summary.contains("router weight \(Int(a)) against \(Int(b))"))
        }
    }

    @Test func sameDistributionIsNotWorse() {
        let comparison = ComparisonJudge().compareLatency(
            candidate: .samples(Self.spread(0.060, count: 300, seed: 3)), baseline: .samples(Self.spread(0.060, count: 300, seed: 4)))
        #expect(comparison.finding == .notWorse)
    }

    @Test func significantButTinyDifferencesStayUnderTheFloor() {
        // 1.5 ms on 4 ms is +38 % and very significant with 2000 samples, but under the 2 ms floor.
        let tiny = ComparisonJudge().compareLatency(
            candidate: .samples(Self.spread(0.0055, count: 2000, seed: 5)), baseline: .samples(Self.spread(0.004, count: 2000, seed: 6)))
        #expect(tiny.pValue < 0.01)
        #expect(tiny.finding == .notWorse)
        #expect(tiny.summary.contains("under the floor"))
        // 15 ms on 500 ms is above 2 ms but only +3 %: under the relative floor.
        let relative = ComparisonJudge().compareLatency(
            candidate: .samples(Self.spread(0.515, count: 5000, seed: 7)), baseline: .samples(Self.spread(0.500, count: 5000, seed: 8)))
        #expect(relative.finding == .notWorse)
    }

    @Test func tooFewSamplesIsInsufficientNotAPass() {
        let comparison = ComparisonJudge(minimumSamples: 50).compareLatency(
            candidate: .samples(Self.spread(0.5, count: 49, seed: 9)), baseline: .samples(Self.spread(0.05, count: 500, seed: 10)))
        #expect(comparison.finding == .insufficientData)
        #expect(comparison.summary.contains("49 and 500 samples"))
    }

    @Test func histogramsAreComparedBucketByBucket() {
        let bounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5]
        let slow = CumulativeHistogram(observations: Self.spread(0.120, count: 300, seed: 11), bounds: bounds)
        let fast = CumulativeHistogram(observations: Self.spread(0.060, count: 300, seed: 12), bounds: bounds)
        #expect(ComparisonJudge().compareLatency(candidate: .histogram(slow), baseline: .histogram(fast)).finding == .worse)
        #expect(ComparisonJudge().compareLatency(candidate: .histogram(fast), baseline: .histogram(slow)).finding == .notWorse)
        // Raw samples against a histogram: the samples are bucketed with the histogram's bounds.
        let mixed = ComparisonJudge().compareLatency(candidate: .samples(Self.spread(0.120, count: 300, seed: 13)), baseline: .histogram(fast))
        #expect(mixed.finding == .worse)
    }

    @Test("error rates", arguments: [
        // (candidate errors, requests, baseline errors, requests, finding)
        (30, 1000, 10, 1000, Comparison.Finding.worse),  // 3 % vs 1 %, p = 0.0007
        (12, 1000, 10, 1000, .notWorse),  // not significant
        (0, 1000, 0, 1000, .notWorse),
        (5, 40, 0, 1000, .insufficientData),  // candidate below the minimum
        (40, 100_000, 10, 100_000, .notWorse),  // significant, but +0.03 pp is under the 0.1 pp floor
    ])
    func errorRates(_ x1: Int, _ n1: Int, _ x2: Int, _ n2: Int, _ finding: Comparison.Finding) {
        let comparison = ComparisonJudge().compareErrors(candidateErrors: x1, candidateRequests: n1, baselineErrors: x2, baselineRequests: n2)
        #expect(comparison.finding == finding, "\(comparison.summary)")
    }
}
