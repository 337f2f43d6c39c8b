import Foundation

/// One deploy (or rollback) from start to outcome, with the strategy's persisted progress so that an
/// interrupted deploy can be resumed or rolled back.
public struct DeployRecord: Codable, Sendable, Hashable {
    /// How a deploy ended, or that it has not.
    public enum Outcome: String, Codable, Sendable, Hashable {
        /// In progress (or interrupted, when its holder is gone).
        case running
        /// The new revision took all traffic and became stable.
        case promoted
        /// Checks failed; traffic went back to the stable revision.
        case rolledBack = "rolled_back"
        /// Stopped by an operator (`turnout abort`).
        case aborted
        /// Could not continue and could not roll back safely (for example the stable revision is unhealthy).
        case halted
        /// An error outside the checks (a runtime or file-system failure).
        case failed
    }

    /// What started it.
    public enum Kind: String, Codable, Sendable, Hashable {
        case deploy
        case rollback
    }

    /// Assigned by the store.
    public var id: Int64
    /// Deploy or rollback.
    public var kind: Kind
    /// The revision being rolled out.
    public var revision: Int
    /// The stable revision before the deploy (nil for the first deploy).
    public var previousRevision: Int?
    /// rolling, blue-green or canary.
    public var strategy: String
    /// When it started.
    public var startedAt: Date
    /// When it ended.
    public var endedAt: Date?
    /// How it ended.
    public var outcome: Outcome
    /// Why it ended that way: which check or metric, which instance, what it returned.
    public var reason: String?
    /// The strategy's progress (JSON), written before and after each step.
    public var progress: Data?
    /// The process running it (to tell an interrupted deploy from a live one).
    public var holderPID: Int32

    /// Creates a deploy record; `id` is assigned when stored.
    public init(
        id: Int64 = 0, kind: Kind = .deploy, revision: Int, previousRevision: Int?, strategy: String, startedAt: Date,
        endedAt: Date? = nil, outcome: Outcome = .running, reason: String? = nil, progress: Data? = nil,
        holderPID: Int32
    ) {
        self.id = id
        self.kind = kind
        self.revision = revision
        self.previousRevision = previousRevision
        self.strategy = strategy
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.reason = reason
        self.progress = progress
        self.holderPID = holderPID
    }
}
