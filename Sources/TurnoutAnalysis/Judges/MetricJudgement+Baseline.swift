import TurnoutManifest
import TurnoutStrategies

extension MetricJudgement {
    /// A slower host is not a worse release: when the baseline revision, measured by the same source over the
    /// same span with enough samples, breached the same objective and the candidate is not worse than it
    /// (``isNotWorse(than:)``), the failure becomes a warning that says so. Rolling back would not bring the
    /// objective back, and the comparison with the baseline still judges whether the candidate is worse. A
    /// candidate clearly worse than a breaching baseline still fails, and its reason names the baseline.
    mutating func excuseSharedBreach(_ stable: MetricReading, of baseline: RevisionID, judge: ThresholdJudge, window: TimeSpan, minimumSamples: Int) {
        guard status == .fail, let stableJudgement = judge.judge(stable, window: window), stableJudgement.status == .fail,
              (stable.samples ?? minimumSamples) >= minimumSamples else { return }
        let value = reading.name.render(stable.value) + (stable.samples.map { ", \($0) samples" } ?? "")
        if isNotWorse(than: stable) {
            status = .warning
            summary += "; stable \(baseline) breached it too (\(value)): the host, not the release, is the likelier cause, so it does not count against \(reading.subject)"
        } else {
            summary += "; stable \(baseline) breached it too (\(value)), but \(reading.subject) is worse"
        }
    }

    /// Whether the candidate's value is within what sampling and a busy host make of the same value: latency
    /// and CPU at most 20 % above the baseline's, an error rate at most 20 % and 0.1 point above it, a cache
    /// hit rate at most 5 points below it.
    func isNotWorse(than stable: MetricReading) -> Bool {
        let mine = reading.value, theirs = stable.value
        switch reading.name {
        case .latencyP95, .latencyP99, .cpu, .redisMemory: return mine <= theirs * 1.2
        case .errorRate: return mine <= theirs * 1.2 + 0.001
        case .cacheHitRate: return mine >= theirs - 0.05
        case .queueLength: return mine <= theirs * 1.2
        case .requestRate, .requests, .latencyP50, .memoryRSS, .completedJobs, .queueGrowth: return true
        }
    }
}
