import Foundation
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
    /// The moment from which its figures count (the end of its warm-up), when later than the window's start.
    public var countsFrom: Date?

    /// Creates a target.
    public init(revision: RevisionID, id: String, port: Int? = nil, pid: Int32? = nil, countsFrom: Date? = nil) {
        self.revision = revision
        self.id = id
        self.port = port
        self.pid = pid
        self.countsFrom = countsFrom
    }

    /// Whether its figures do not count yet at `now` (it is warming up): sources read it only to remember
    /// the reading its first counted window starts from.
    public func isWarmingUp(at now: Date) -> Bool { countsFrom.map { $0 > now } ?? false }
}
