import TurnoutManifest
import TurnoutStrategies

extension MetricJudgement {
    /// Adds to a failed judgement's summary that the baseline revision, measured by the same source over the
    /// same span, breached the same objective: then the host (load, a noisy neighbour), not the release, is
    /// the likelier cause, and the operator should know it before reading the rollback as the release's fault.
    mutating func noteBaseline(_ stable: MetricReading, of baseline: RevisionID, judge: ThresholdJudge, window: TimeSpan) {
        guard status == .fail, let stableJudgement = judge.judge(stable, window: window), stableJudgement.status == .fail else { return }
        summary += "; stable \(baseline) breached it too (\(reading.name.render(stable.value))"
            + (stable.samples.map { ", \($0) samples" } ?? "") + "): the host, not the release, may be the cause"
    }
}
