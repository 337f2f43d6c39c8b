/// The part of every strategy's `next` that comes before its own rules: a finished rollout repeats its end,
/// new operator commands are recorded in the progress, `abort` and a rollback in progress hand over to the
/// ``RollbackPlan``.
enum RolloutOpening {
    /// Either a decision already made, or the observation (with commands recorded) to apply the rules to.
    enum Outcome {
        case decided(Decision)
        case proceed(Observation)
    }

    static func open(_ observation: Observation, plan: RollbackPlan) -> Outcome {
        var observation = observation
        let progress = observation.progress
        if progress.phase.isTerminal {
            let end: Action
            switch progress.phase {
            case .promoted: end = .promote(observation.newRevision)
            case .rolledBack: end = .rollbackComplete(reason: progress.reason ?? "rolled back")
            default: end = .halt(reason: progress.reason ?? "halted")
            }
            return .decided(Decision(actions: [end], progress: progress, status: "rollout already ended: \(progress.phase.rawValue)"))
        }
        var aborted = false
        for command in observation.pendingCommands {
            observation.progress.lastCommand = command.sequence
            switch command.kind {
            case .abort: aborted = true
            case .promote: observation.progress.promoteRequested = true
            case .promoteFull: observation.progress.promoteFull = true
            }
        }
        if observation.progress.phase == .rollingBack { return .decided(plan.next(observation)) }
        if aborted { return .decided(plan.begin(observation, reason: "aborted by operator")) }
        return .proceed(observation)
    }
}
