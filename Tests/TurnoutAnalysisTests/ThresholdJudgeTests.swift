import Testing
import TurnoutManifest
import TurnoutStrategies

@testable import TurnoutAnalysis

/// Each metric against the Stage-2 SLOs: which side passes, the cache hit rate's warning band, the CPU
/// objective by role, and the consecutive-failure history.
struct ThresholdJudgeTests {
    static let r2 = RevisionID("r2")

    static let table: [(MetricName, Double, MetricJudgement.Status)] = [
        (.latencyP95, 0.150, .pass), (.latencyP95, 0.200, .pass), (.latencyP95, 0.201, .fail),
        (.latencyP99, 0.499, .pass), (.latencyP99, 0.650, .fail),
        (.errorRate, 0.0005, .pass), (.errorRate, 0.001, .pass), (.errorRate, 0.0011, .fail),
        (.cacheHitRate, 0.95, .pass), (.cacheHitRate, 0.80, .pass), (.cacheHitRate, 0.75, .warning),
        (.cacheHitRate, 0.70, .warning), (.cacheHitRate, 0.69, .fail),
        (.queueLength, 99, .pass), (.queueLength, 100, .fail), (.queueLength, 1500, .fail),
        (.cpu, 0.69, .pass), (.cpu, 0.71, .fail),
        (.redisMemory, 0.79, .pass), (.redisMemory, 0.81, .fail),
    ]

    @Test("Stage-2 SLOs", arguments: table)
    func row(_ name: MetricName, _ value: Double, _ status: MetricJudgement.Status) throws {
        let reading = MetricReading(name, subject: "r2", revision: Self.r2, value: value, samples: 500, source: "test")
        let judgement = try #require(ThresholdJudge(slo: SLO()).judge(reading, window: .seconds(30)))
        #expect(judgement.status == status, "\(judgement.summary)")
        #expect(judgement.summary.hasPrefix("\(name.rawValue) of r2 is "))
        #expect(judgement.summary.contains("over the last 30s"))
    }

    @Test func reasonNamesValueObjectiveAndSource() throws {
        let reading = MetricReading.of(Self.r2, .latencyP95, 0.25, samples: 812, source: "instance /metrics")
        let judgement = try #require(ThresholdJudge(slo: SLO()).judge(reading, window: .seconds(30)))
        #expect(judgement.summary == "latency_p95 of r2 is 250 ms over the last 30s (instance /metrics, 812 samples), above the SLO of 200 ms")
    }

    @Test func cpuObjectiveDependsOnRole() throws {
        let reading = MetricReading.of(Self.r2, .cpu, 0.75, source: "/proc")
        #expect(try #require(ThresholdJudge(slo: SLO(), role: .web).judge(reading)).status == .fail)
        #expect(try #require(ThresholdJudge(slo: SLO(), role: .worker).judge(reading)).status == .pass)
    }

    @Test func metricsWithoutObjectiveAreNotJudged() {
        let judge = ThresholdJudge(slo: SLO())
        for name in [MetricName.requestRate, .requests, .latencyP50, .memoryRSS] {
            #expect(judge.judge(.of(Self.r2, name, 1, source: "test")) == nil)
        }
        #expect(judge.judge(.of(Self.r2, .latencyP95, .nan, source: "test")) == nil)
    }

    @Test func historyCountsConsecutiveFailures() throws {
        let judge = ThresholdJudge(slo: SLO())
        let bad = try #require(judge.judge(.of(Self.r2, .latencyP95, 0.3, source: "t")))
        let good = try #require(judge.judge(.of(Self.r2, .latencyP95, 0.1, source: "t")))
        let queue = try #require(judge.judge(MetricReading(.queueLength, subject: "email", value: 500, source: "t")))
        var history = JudgeHistory()
        history.record([bad, queue])
        #expect(history.exceeding(2).isEmpty)
        history.record([bad])  // the queue was not measured this time: its run is kept
        #expect(history.exceeding(2) == ["latency_p95 r2"])
        history.record([queue])
        #expect(history.exceeding(2) == ["latency_p95 r2", "queue_length email"])
        history.record([good])
        #expect(history.exceeding(2) == ["queue_length email"])
    }
}
