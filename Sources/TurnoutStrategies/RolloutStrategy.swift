import TurnoutManifest

/// A rollout strategy as a pure state machine: given what the controller observed, the actions to take next.
/// Implementations never sleep, spawn, read a clock or draw random numbers; the same observation always
/// gives the same decision.
public protocol RolloutStrategy: Sendable {
    /// The next decision for `observation`.
    func next(_ observation: Observation) -> Decision

    /// How this strategy returns traffic to the stable revision (also for `turnout rollback` and recovery).
    var rollbackPlan: RollbackPlan { get }
}

/// Builds the rollout for `strategy` applied to `service`: the single place that chooses a strategy
/// implementation. Worker services (no traffic) roll like a rolling update without traffic actions, whatever
/// strategy the manifest names, since weights and switches mean nothing for queue consumers; a rolling
/// strategy's surge and deadline are used, the others' deadline and analysis (a canary's also its first
/// timed pause, as the hold after each batch).
public func makeRollout(for strategy: Strategy, service: Service) -> any RolloutStrategy {
    let grace = service.stopTimeout.duration
    if service.role == .worker {
        let rolling: RollingStrategy
        switch strategy {
        case .rolling(let settings): rolling = settings
        case .blueGreen(let settings): rolling = RollingStrategy(progressDeadline: settings.progressDeadline)
        case .canary(let settings):
            // Each batch of new workers is held like a canary step (the first timed pause) while the analysis
            // judges what the workers do to the queue.
            let hold = settings.steps.lazy.compactMap { step -> TimeSpan? in
                if case .duration(let span) = step.pause, span > .zero { return span } else { return nil }
            }.first ?? .zero
            rolling = RollingStrategy(pauseBetweenBatches: hold, progressDeadline: settings.progressDeadline, analysis: settings.analysis)
        }
        return RollingRollout(rolling, routing: .none, grace: grace)
    }
    switch strategy {
    case .rolling(let settings): return RollingRollout(settings, routing: .upstream, grace: grace)
    case .blueGreen(let settings): return BlueGreenRollout(settings, grace: grace)
    case .canary(let settings): return CanaryRollout(settings, grace: grace)
    }
}
