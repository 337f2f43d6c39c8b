import TurnoutStrategies

/// One instance of a revision the sources may look at: where it listens and which process it is.
public struct InstanceTarget: Sendable, Hashable {
    /// The revision it runs.
    public var revision: RevisionID
    /// A stable name for it (the runtime's instance id), used to keep its previous scrape.
    public var id: String
    /// Its loopback HTTP port, when it has one.
    public var port: Int?
    /// Its process id, when local.
    public var pid: Int32?

    /// Creates a target.
    public init(revision: RevisionID, id: String, port: Int? = nil, pid: Int32? = nil) {
        self.revision = revision
        self.id = id
        self.port = port
        self.pid = pid
    }
}
