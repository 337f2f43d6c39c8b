import Foundation
import TurnoutManifest
import TurnoutStrategies

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

    /// The window of `target`'s own figures: ``window``, or less when the target counts only from a later
    /// moment (its warm-up ended inside the window).
    public func window(for target: InstanceTarget) -> TimeSpan {
        guard let from = target.countsFrom else { return window }
        let span = now.timeIntervalSince(from)
        return span < window.seconds ? TimeSpan(milliseconds: max(1, Int64((span * 1000).rounded()))) : window
    }

    /// The revisions asked about: `revisions`, or those of the targets in first-seen order.
    public var allRevisions: [RevisionID] {
        if !revisions.isEmpty { return revisions }
        var seen: [RevisionID] = []
        for target in targets where !seen.contains(target.revision) { seen.append(target.revision) }
        return seen
    }
}
