/// What a strategy decided for one observation: the actions in order, the progress to store, and a line for
/// people.
public struct Decision: Sendable, Hashable, Codable {
    /// The actions, executed in order.
    public var actions: [Action]
    /// The progress to persist before executing the actions.
    public var progress: RolloutProgress
    /// A human-readable account of where the rollout stands.
    public var status: String

    /// Creates a decision.
    public init(actions: [Action], progress: RolloutProgress, status: String) {
        self.actions = actions
        self.progress = progress
        self.status = status
    }

    /// Whether the rollout has ended with this decision.
    public var isTerminal: Bool { actions.contains { $0.isTerminal } }
}
