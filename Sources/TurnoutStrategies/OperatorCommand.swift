/// A command a person gave the running rollout (`turnout promote`, `turnout promote --full`, `turnout abort`).
public struct OperatorCommand: Sendable, Hashable, Codable {
    /// What was asked.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Pass the current gate or pause (one step).
        case promote
        /// Skip the remaining steps and send all traffic to the new revision.
        case promoteFull
        /// Stop the rollout and roll back.
        case abort
    }

    /// A number the controller assigns, increasing with each command received for this rollout; the strategy
    /// records the highest it has handled in ``RolloutProgress/lastCommand`` so that no command acts twice.
    public var sequence: Int
    /// What was asked.
    public var kind: Kind

    /// Creates a command.
    public init(sequence: Int, kind: Kind) {
        self.sequence = sequence
        self.kind = kind
    }
}
