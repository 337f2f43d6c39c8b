import Foundation

/// Where Turnout keeps everything a later command needs: revisions, deploys with their steps and events,
/// running instances, traffic weights and the deploy lock. Every write is transactional.
public protocol StateStore: Sendable {
    /// Stores a new revision with the next number and returns it.
    func addRevision(_ make: (Int) throws -> RevisionRecord) throws -> RevisionRecord
    /// The revision numbered `number`.
    func revision(_ number: Int) throws -> RevisionRecord?
    /// Revisions, newest first.
    func revisions(limit: Int) throws -> [RevisionRecord]
    /// Deletes revisions beyond the newest `keep`, except those in `protected`; returns the numbers deleted.
    func pruneRevisions(keep: Int, protected: Set<Int>) throws -> [Int]

    /// Stores a new deploy and returns it with its id.
    func beginDeploy(_ deploy: DeployRecord) throws -> DeployRecord
    /// Replaces a stored deploy (progress, outcome, reason, end time).
    func updateDeploy(_ deploy: DeployRecord) throws
    /// The deploy with `id`.
    func deploy(_ id: Int64) throws -> DeployRecord?
    /// The newest deploy whose outcome is still `running` (live or interrupted).
    func unfinishedDeploy() throws -> DeployRecord?
    /// Deploys, newest first.
    func deploys(limit: Int) throws -> [DeployRecord]
    /// The revision that last became stable (the newest promoted deploy's revision, or a rollback's target).
    func stableRevision() throws -> Int?

    /// Records an action's phase.
    func recordStep(_ step: StepRecord) throws
    /// A deploy's steps, in order.
    func steps(deployID: Int64) throws -> [StepRecord]
    /// Appends an event to a deploy's history.
    func appendEvent(_ event: DeployEvent) throws
    /// A deploy's events, in order.
    func events(deployID: Int64) throws -> [DeployEvent]

    /// Adds or replaces an instance.
    func saveInstance(_ instance: StoredInstance) throws
    /// Forgets an instance (after it stopped).
    func removeInstance(id: String) throws
    /// All instances the store knows of, by service then id.
    func instances() throws -> [StoredInstance]

    /// Records the routing last applied for a service.
    func setTraffic(_ traffic: TrafficRecord) throws
    /// The routing last applied for each service.
    func traffic() throws -> [TrafficRecord]

    /// Records a command for a running deploy and returns it with its sequence number.
    func addCommand(_ command: OperatorCommandRecord) throws -> OperatorCommandRecord
    /// A deploy's commands, in order.
    func commands(deployID: Int64) throws -> [OperatorCommandRecord]

    /// Takes the deploy lock, or throws `LockHeldError` naming the live holder (a live process holding it
    /// under another token). A lock whose holder process is gone is taken over.
    func acquireLock(_ holder: LockHolder, isAlive: (LockHolder) -> Bool) throws
    /// Releases the lock if the acquisition `token` holds it.
    func releaseLock(token: String) throws
    /// The current lock holder, if any.
    func lockHolder() throws -> LockHolder?
}
