import Foundation
import TurnoutManifest
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

/// What a source is asked for: readings over the window ending at `now`, for these instances.
public struct SampleRequest: Sendable {
    /// The window the readings cover.
    public var window: TimeSpan
    /// The end of the window.
    public var now: Date
    /// The instances of every revision involved.
    public var targets: [InstanceTarget]
    /// The revisions of interest (candidate first); every revision of `targets` when empty.
    public var revisions: [RevisionID]
    /// The service's name (for query templates).
    public var service: String

    /// Creates a request.
    public init(window: TimeSpan, now: Date = Date(), targets: [InstanceTarget] = [], revisions: [RevisionID] = [], service: String = "") {
        self.window = window
        self.now = now
        self.targets = targets
        self.revisions = revisions
        self.service = service
    }

    /// The revisions asked about: `revisions`, or those of the targets in first-seen order.
    public var allRevisions: [RevisionID] {
        if !revisions.isEmpty { return revisions }
        var seen: [RevisionID] = []
        for target in targets where !seen.contains(target.revision) { seen.append(target.revision) }
        return seen
    }
}

/// Something that measures: instances' `/metrics`, Redis, `/proc`, Prometheus, or fixed values in tests.
/// A source never throws: what it cannot read it reports in the sample's `problems`. Sources that turn
/// counters into rates keep their earlier readings between calls.
public protocol MetricSource: Sendable {
    /// A short name for reasons, e.g. `instance /metrics`.
    var name: String { get }
    /// The manifest metrics this source can measure (as configured).
    var measures: Set<AnalysisPolicy.Metric> { get }
    /// Readings over `request.window` ending at `request.now`.
    func sample(_ request: SampleRequest) async -> MetricSample
}
