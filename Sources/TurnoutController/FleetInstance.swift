import TurnoutRuntime
import TurnoutStrategies

/// One instance as the controller sees it: the platform's record and its health as the strategies see it.
public struct FleetInstance: Sendable, Hashable, Codable {
    /// The platform's record (endpoint, handle, start and ready times).
    public var record: InstanceRecord
    /// Starting, healthy, unhealthy, crashed, stopping or stopped.
    public var state: Instance.State
    /// The last failed probe or how it crashed, for status and rollback reasons.
    public var lastFailure: String?

    /// Creates an instance.
    public init(record: InstanceRecord, state: Instance.State, lastFailure: String? = nil) {
        self.record = record
        self.state = state
        self.lastFailure = lastFailure
    }

    /// The strategies' view of it.
    public var instance: Instance {
        Instance(id: InstanceID(record.id), revision: RevisionNaming.id(record.revision), state: state)
    }
}

/// How revision numbers appear to the strategies: `r1`, `r2`...
public enum RevisionNaming {
    /// `r7` for 7.
    public static func id(_ number: Int) -> RevisionID { RevisionID("r\(number)") }

    /// 7 for `r7`; `nil` for anything else (such as the placeholder of a first deploy).
    public static func number(_ id: RevisionID) -> Int? {
        id.rawValue.hasPrefix("r") ? Int(id.rawValue.dropFirst()) : nil
    }

    /// The stable revision of a first deploy, which has no instances.
    public static let nothing = RevisionID("none")
}
