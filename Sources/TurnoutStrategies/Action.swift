/// One thing a strategy asks the controller to do. The controller persists the decision, then executes its
/// actions in order; an action that fails stops the rest, and the next observation shows what happened.
public enum Action: Sendable, Hashable, Codable {
    /// Start `count` new instances of `revision`.
    case startInstances(revision: RevisionID, count: Int)
    /// Stop these instances (SIGTERM, killed after `grace`). They carry no traffic when this is asked.
    case stopInstances([InstanceID], grace: Duration)
    /// Tell these worker instances to stop taking jobs, finish the ones they hold within `timeout`, and exit.
    case drainWorkers([InstanceID], timeout: Duration)
    /// Set the traffic split (canary and rollback of a canary). Revisions not listed get none.
    case setWeights([TrafficWeight])
    /// Send all traffic to the whole set of `revision` at once (blue-green).
    case switchActive(to: RevisionID)
    /// Make the load balancer's upstream exactly these instances (rolling).
    case setUpstream([InstanceID])
    /// Measure the candidate once and report an ``AnalysisVerdict`` in the next observation.
    case runAnalysis(AnalysisRequest)
    /// Tell a person the rollout waits for `turnout promote` or `turnout abort`; observe again when a command
    /// arrives (or at the wait that follows in the same decision, if any).
    case pauseForOperator(reason: String)
    /// The current step is over: store the returned progress, restart the step clock, and forget the step's
    /// analysis verdicts. The text names the step finished.
    case markStepComplete(String)
    /// Observe again when the rollout has run for this long (an absolute point on the rollout clock).
    case waitUntil(Duration)
    /// Observe again after the controller's usual polling interval (something is in progress).
    case observeAgain
    /// The rollout is rolling back for this reason; record it (with the metrics that led to it) in history.
    case beginRollback(reason: String)
    /// Done: the new revision is stable now.
    case promote(RevisionID)
    /// Done: the rollout was rolled back and the stable revision serves alone.
    case rollbackComplete(reason: String)
    /// Stop acting and alert a person: going on would make things worse.
    case halt(reason: String)

    /// Whether the rollout ends with this action.
    public var isTerminal: Bool {
        switch self {
        case .promote, .rollbackComplete, .halt: return true
        default: return false
        }
    }
}
