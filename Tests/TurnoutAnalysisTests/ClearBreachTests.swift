import Testing
import TurnoutManifest
import TurnoutStrategies

@testable import TurnoutAnalysis

/// Which failed judgements are clear breaches (failing a step at once) under the Stage-2 SLOs with the
/// default margin of 2 and 50 minimum samples, and which stay borderline (the failure limit applies).
struct ClearBreachTests {
    static let r2 = RevisionID("r2"), r1 = RevisionID("r1")

    static func clear(_ name: MetricName, _ value: Double, samples: Int?, stable: Double? = nil, stableSamples: Int = 2000) -> Bool {
        let reading = MetricReading(name, subject: name == .queueLength ? "email" : "r2", revision: name == .queueLength ? nil : r2,
                                    value: value, samples: samples, source: "test")
        guard let judgement = ThresholdJudge(slo: SLO()).judge(reading) else { return false }
        let baseline = stable.map { MetricReading.of(r1, name, $0, samples: stableSamples, source: "test") }
        return ClearBreach(margin: 2, minimumSamples: 50).assess(judgement, baseline: baseline) != nil
    }

    static let table: [(MetricName, Double, Int?, Double?, Bool, String)] = [
        (.latencyP95, 0.150, 2000, nil, false, "within the SLO: no failure at all"),
        (.latencyP95, 0.390, 2000, nil, false, "beyond the 200 ms SLO, but under 2x: borderline"),
        (.latencyP95, 0.400, 2000, nil, true, "2x the SLO with plenty of requests"),
        (.latencyP95, 0.490, 49, nil, false, "too few requests for any verdict at once"),
        (.latencyP95, 0.490, 50, nil, true, "exactly min_samples"),
        (.latencyP95, 0.490, 2000, 0.300, false, "stable is slow too: 2x its 300 ms would be 600 ms"),
        (.latencyP95, 0.650, 2000, 0.300, true, "more than 2x the slow stable"),
        (.latencyP95, 0.490, 2000, 0.100, true, "a fast stable does not lower the bar below the SLO"),
        (.latencyP99, 1.100, 300, nil, true, "P99 over 2x its 500 ms SLO"),
        (.errorRate, 0.050, 500, nil, true, "5% errors: 25 of 500 where 0.1% would give 0.5"),
        (.errorRate, 0.0015, 2000, nil, false, "over the 0.1% SLO but not twice it"),
        (.errorRate, 0.020, 50, nil, false, "1 error in 50: 2% but a release at 0.1% shows that 5% of the time"),
        (.errorRate, 0.060, 50, nil, true, "3 errors in 50: p about 2e-5"),
        (.errorRate, 0.050, 500, 0.040, false, "stable fails as often: 2x 4% not reached"),
        (.cacheHitRate, 0.00, 400, nil, true, "a canary that never hits its cache"),
        (.cacheHitRate, 0.50, 4000, nil, false, "under the 70% review level, but not under half of it"),
        (.cacheHitRate, 0.30, 30, nil, false, "too few lookups"),
        (.queueLength, 150, nil, nil, false, "pending tasks over 100, not yet 2x"),
        (.queueLength, 200, nil, nil, true, "2x the pending-task objective"),
        (.cpu, 0.99, 2, nil, false, "CPU never fails at once"),
        (.redisMemory, 0.99, nil, nil, false, "Redis memory never fails at once"),
    ]

    @Test(arguments: table)
    func row(_ name: MetricName, _ value: Double, _ samples: Int?, _ stable: Double?, _ expected: Bool, _ why: String) {
        #expect(Self.clear(name, value, samples: samples, stable: stable) == expected, "\(why)")
    }

    @Test func aLargerMarginAsksForMore() throws {
        let reading = MetricReading.of(Self.r2, .latencyP95, 0.450, samples: 2000, source: "test")
        let judgement = try #require(ThresholdJudge(slo: SLO()).judge(reading))
        #expect(ClearBreach(margin: 2).assess(judgement) == "2000 requests, at least 2× the SLO of 200 ms")
        #expect(ClearBreach(margin: 3).assess(judgement) == nil)
    }

    @Test func aStableWithTooFewSamplesIsNotTheReference() throws {
        #expect(Self.clear(.latencyP95, 0.450, samples: 2000, stable: 0.400, stableSamples: 10))
    }

    @Test func theReasonGivesTheCountsAndTheTest() throws {
        let reading = MetricReading.of(Self.r2, .errorRate, 0.05, samples: 1000, source: "test")
        let judgement = try #require(ThresholdJudge(slo: SLO()).judge(reading))
        let why = try #require(ClearBreach().assess(judgement))
        #expect(why.hasPrefix("50 of 1000 requests failed, at least 2× the SLO of 0.100%, binomial p=<0.0001 < 0.0010"), "\(why)")
    }
}
