import TurnoutStrategies

/// A rollout whose only job is to return a service to its stable revision (the observation's stable), traffic
/// first: used by `turnout rollback`, by crash recovery, and to undo services already promoted when a later
/// service of the same deploy fails.
struct RollbackRollout: RolloutStrategy {
    let rollbackPlan: RollbackPlan
    let reason: String

    func next(_ observation: Observation) -> Decision {
        if observation.progress.phase == .pending {
            return rollbackPlan.begin(observation, reason: reason)
        }
        return rollbackPlan.next(observation)
    }
}
