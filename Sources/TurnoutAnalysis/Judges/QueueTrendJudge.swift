import TurnoutManifest

/// Judges a queue's trend: pending jobs that are still under the objective but rising so fast (least-squares
/// slope over the window's readings) that at this pace they reach
/// the objective within one more window fail as `queue_length`. A queue already at or above the objective is
/// `ThresholdJudge`'s failure; a flat, falling or slowly rising queue passes.
public struct QueueTrendJudge: Sendable, Hashable {
    /// The objective: fewer pending jobs than this.
    public var limit: Double

    /// Creates a judge for the SLO's pending-task objective.
    public init(slo: SLO) { limit = Double(slo.queueLength) }

    /// The judgement of a queue's `growth` (a `queue_growth` reading) given its `length` now; `nil` when the
    /// queue is already at or above the objective.
    public func judge(length: MetricReading, growth: MetricReading, window: TimeSpan) -> MetricJudgement? {
        guard length.value < limit, !growth.value.isNaN else { return nil }
        let projected = length.value + growth.value * window.seconds
        let failed = growth.value > 0 && projected >= limit
        let pace = "\(MetricName.queueLength.rawValue) of \(length.subject) is \(MetricName.queueLength.render(length.value)) and "
            + (growth.value >= 0 ? "growing \(MetricName.queueGrowth.render(growth.value))" : "shrinking \(MetricName.queueGrowth.render(-growth.value))")
            + " over the last \(window) (\(growth.source))"
        let summary: String
        if failed {
            let seconds = Int(((limit - length.value) / growth.value).rounded(.up))
            summary = pace + ": at this pace it reaches the SLO of \(Int(limit)) pending within \(seconds) s, inside one more window"
        } else {
            summary = pace + ", not reaching the SLO of \(Int(limit)) pending within one more window"
        }
        return MetricJudgement(reading: growth, status: failed ? .fail : .pass, limit: limit, summary: summary)
    }
}
