/// One observed instance of a revision and the state its health checks put it in.
public struct Instance: Sendable, Hashable, Codable {
    /// Where an instance is in its life.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Started, readiness not yet passed (within its start period or healthy threshold).
        case starting
        /// Passing its readiness check: may take traffic.
        case healthy
        /// Failing its readiness check after starting.
        case unhealthy
        /// Exited or was killed without being asked to.
        case crashed
        /// Asked to stop and still running (draining).
        case stopping
        /// Stopped on request.
        case stopped

        /// Whether the instance still counts toward a revision's size (starting, healthy or unhealthy).
        public var isLive: Bool { self == .starting || self == .healthy || self == .unhealthy }

        /// Whether the instance is failing (unhealthy or crashed).
        public var isFailing: Bool { self == .unhealthy || self == .crashed }
    }

    /// The runtime's name for the instance.
    public var id: InstanceID
    /// The revision it runs.
    public var revision: RevisionID
    /// Its current state.
    public var state: State

    /// Creates an observed instance.
    public init(id: InstanceID, revision: RevisionID, state: State) {
        self.id = id
        self.revision = revision
        self.state = state
    }
}
