import Foundation
import TurnoutManifest
import TurnoutStrategies

/// The span one measurement covers, the same for every source and both revisions: the policy's window
/// ending now, cut to the current step (a measurement never mixes two traffic splits); per instance the
/// moment its requests start to count, the end of its warm-up (`analysis.warmup` after it turned ready);
/// and for the comparison with the stable revision, the step's own warm-up: right after a traffic change the
/// router opens connections to the instances whose share rose and their queues fill, and for a few seconds
/// they answer slower whatever their release (good canaries measured +50 to +110 % for 2-5 s after 10 -> 50 %,
/// then within noise).
struct AnalysisPeriod {
    /// The start of the span.
    let start: Date
    /// The start of the span the comparison with the stable revision covers: `warmup` into the step.
    let settledStart: Date
    /// The end of the span.
    let now: Date
    /// The warm-up after an instance turns ready.
    let warmup: TimeSpan
    /// Per instance (id), when its requests start to count, where that is after ``start``.
    let countsFrom: [String: Date]

    init(request: AnalysisRequest, context: AnalysisContext) {
        now = context.now
        let windowStart = context.now.addingTimeInterval(-request.policy.window.seconds)
        start = max(windowStart, context.stepStartedAt ?? windowStart)
        warmup = request.policy.warmup
        settledStart = max(start, context.stepStartedAt.map { $0.addingTimeInterval(request.policy.warmup.seconds) } ?? start)
        var countsFrom: [String: Date] = [:]
        for instance in context.instances {
            guard let ready = instance.record.readyAt else { continue }
            let warm = ready.addingTimeInterval(warmup.seconds)
            if warm > start { countsFrom[instance.record.id] = warm }
        }
        self.countsFrom = countsFrom
    }

    /// Why nothing of `revision` can be judged yet, when every live instance of it is still warming up (or has
    /// not turned ready); `nil` otherwise.
    func allWarmingUp(_ live: [FleetInstance], revision: RevisionID) -> String? {
        let mine = live.filter { $0.instance.revision == revision }
        guard !mine.isEmpty else { return nil }
        var until: [String] = []
        for instance in mine {
            guard let ready = instance.record.readyAt else {
                if instance.state == .starting { until.append("\(instance.record.id) not ready yet") } else { return nil }
                continue
            }
            let warm = ready.addingTimeInterval(warmup.seconds)
            if warm <= now { return nil }
            until.append(String(format: "%@ for %.1fs more", instance.record.id, warm.timeIntervalSince(now)))
        }
        return "every \(revision) instance is warming up (analysis.warmup \(warmup)): " + until.joined(separator: ", ")
    }
}
