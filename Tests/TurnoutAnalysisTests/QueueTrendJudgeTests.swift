import Testing
import TurnoutManifest

@testable import TurnoutAnalysis

/// A queue under its objective fails on its trend only when, at the measured pace, it reaches the objective
/// within one more window.
struct QueueTrendJudgeTests {
    static let table: [(Double, Double, MetricJudgement.Status?, String)] = [
        (10, 2, .pass, "slow growth from a short queue"),
        (10, -5, .pass, "draining"),
        (40, 20, .fail, "40 + 20/s x 3 s = 100: reaches the objective"),
        (40, 19, .pass, "40 + 19/s x 3 s = 97: not within the window"),
        (98, 0.5, .pass, "98 + 1.5 < 100"),
        (99, 0.4, .fail, "at the edge and still rising: 99 + 1.2 reaches it"),
        (100, 30, nil, "already at the objective: the threshold judge's failure"),
    ]

    @Test(arguments: table)
    func row(_ length: Double, _ growth: Double, _ expected: MetricJudgement.Status?, _ why: String) {
        let judgement = QueueTrendJudge(slo: SLO()).judge(
            length: MetricReading(.queueLength, subject: "email", value: length, source: "redis LLEN"),
            growth: MetricReading(.queueGrowth, subject: "email", value: growth, samples: 4, source: "redis LLEN, least squares"),
            window: .seconds(3))
        #expect(judgement?.status == expected, "\(why): \(judgement?.summary ?? "nil")")
    }

    @Test func theReasonNamesQueueLengthPaceAndTime() throws {
        let judgement = try #require(QueueTrendJudge(slo: SLO()).judge(
            length: MetricReading(.queueLength, subject: "email", value: 64, source: "redis LLEN"),
            growth: MetricReading(.queueGrowth, subject: "email", value: 21.3, samples: 4, source: "redis LLEN, least squares over 4 readings in 3.0 s"),
            window: .seconds(3)))
        #expect(judgement.summary == "queue_length of email is 64 and growing 21.3/s over the last 3s (redis LLEN, least squares over 4 readings in 3.0 s): "
            + "at this pace it reaches the SLO of 100 pending within 2 s, inside one more window")
    }
}
