import Foundation
import TurnoutRuntime
import TurnoutStrategies

/// One instance of a revision the sources may look at: where it serves and the platform's handle for it.
public struct InstanceTarget: Sendable, Hashable {
    /// The revision it runs.
    public var revision: RevisionID
    /// A stable name for it (the runtime's instance id), used to keep its previous scrape.
    public var id: String
    /// Where it serves HTTP (its metrics page), when it does.
    public var endpoint: Endpoint?
    /// The platform's handle, for its resource counters.
    public var handle: InstanceHandle?
    /// The moment from which its figures count (the end of its warm-up), when later than the window's start.
    public var countsFrom: Date?

    /// Creates a target.
    public init(revision: RevisionID, id: String, endpoint: Endpoint? = nil, handle: InstanceHandle? = nil, countsFrom: Date? = nil) {
        self.revision = revision
        self.id = id
        self.endpoint = endpoint
        self.handle = handle
        self.countsFrom = countsFrom
    }

    /// Whether its figures do not count yet at `now` (it is warming up): sources read it only to remember
    /// the reading its first counted window starts from.
    public func isWarmingUp(at now: Date) -> Bool { countsFrom.map { $0 > now } ?? false }
}
