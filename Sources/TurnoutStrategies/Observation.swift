/// Everything a strategy may know about one service being rolled out, gathered by the controller before each
/// decision. A value: the strategy reads no clock and asks nothing else.
public struct Observation: Sendable, Hashable, Codable {
    /// The number of instances the service should run.
    public var desiredReplicas: Int
    /// The revision serving before the rollout (the rollback target).
    public var stableRevision: RevisionID
    /// The revision being rolled out.
    public var newRevision: RevisionID
    /// Every instance of either revision the runtime reports, oldest first.
    public var instances: [Instance]
    /// How traffic is routed now.
    public var traffic: TrafficState
    /// Analysis verdicts received since the current step started, oldest first.
    public var verdicts: [AnalysisVerdict]
    /// Time since the rollout started.
    public var rolloutElapsed: Duration
    /// Time since the current step started: since the controller last saw a ``Action/markStepComplete(_:)``
    /// (or the rollout started).
    public var stepElapsed: Duration
    /// Operator commands received for this rollout, in order (already handled ones may be included).
    public var commands: [OperatorCommand]
    /// The progress the strategy returned last time (or the default for a new rollout).
    public var progress: RolloutProgress

    /// Creates an observation.
    public init(
        desiredReplicas: Int, stableRevision: RevisionID, newRevision: RevisionID, instances: [Instance] = [],
        traffic: TrafficState = .none, verdicts: [AnalysisVerdict] = [], rolloutElapsed: Duration = .zero,
        stepElapsed: Duration = .zero, commands: [OperatorCommand] = [], progress: RolloutProgress = RolloutProgress()
    ) {
        self.desiredReplicas = desiredReplicas
        self.stableRevision = stableRevision
        self.newRevision = newRevision
        self.instances = instances
        self.traffic = traffic
        self.verdicts = verdicts
        self.rolloutElapsed = rolloutElapsed
        self.stepElapsed = stepElapsed
        self.commands = commands
        self.progress = progress
    }

    /// The instances of `revision`, oldest first.
    public func instances(of revision: RevisionID) -> [Instance] { instances.filter { $0.revision == revision } }

    /// Instances of `revision` that are starting, healthy or unhealthy.
    public func live(_ revision: RevisionID) -> [Instance] { instances(of: revision).filter { $0.state.isLive } }

    /// Instances of `revision` passing readiness.
    public func healthy(_ revision: RevisionID) -> [Instance] {
        instances(of: revision).filter { $0.state == .healthy }
    }

    /// Instances of `revision` still starting.
    public func starting(_ revision: RevisionID) -> [Instance] {
        instances(of: revision).filter { $0.state == .starting }
    }

    /// Instances of `revision` that are unhealthy or crashed.
    public func failing(_ revision: RevisionID) -> [Instance] {
        instances(of: revision).filter { $0.state.isFailing }
    }

    /// Commands not yet handled according to ``progress``.
    public var pendingCommands: [OperatorCommand] {
        commands.filter { $0.sequence > progress.lastCommand }.sorted { $0.sequence < $1.sequence }
    }
}
