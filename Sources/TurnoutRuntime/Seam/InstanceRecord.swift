import Foundation

/// What Turnout persists about one started instance, on every platform: enough to find, check, route to and
/// stop it again after Turnout itself was restarted. The platform-specific part is the opaque ``handle``.
public struct InstanceRecord: Sendable, Hashable, Codable {
    /// The lifecycle state as the controller last recorded it.
    public enum State: String, Sendable, Hashable, Codable {
        /// Started and, as far as Turnout knows, running.
        case running
        /// Asked to stop; waiting for it to end.
        case stopping
        /// Stopped by Turnout.
        case stopped
        /// Ended on its own (a crash or an early exit).
        case exited
        /// No longer present, for reasons Turnout did not observe.
        case gone
    }

    /// The instance's identifier, `SERVICE-rREVISION-ORDINAL`, e.g. `api-r3-1`.
    public var id: String
    /// The service's name.
    public var service: String
    /// The revision number.
    public var revision: Int
    /// The instance's ordinal within its revision.
    public var ordinal: Int
    /// Where it serves, when it listens (routers and probes reach it there).
    public var endpoint: Endpoint?
    /// Where Turnout reaches its other ports (a health check's own port), by the port it listens on inside.
    public var publishedPorts: [Int: Endpoint]
    /// The platform's name for it.
    public var handle: InstanceHandle
    /// The wall-clock time the instance was started.
    public var startedAt: Date
    /// The lifecycle state.
    public var state: State
    /// The exit code, once the instance has exited and Turnout saw it.
    public var exitCode: Int32?
    /// When its readiness check first passed (the start of its warm-up); `nil` before that, and for records
    /// written before Turnout kept it.
    public var readyAt: Date?

    /// Creates a record.
    public init(
        id: String, service: String, revision: Int, ordinal: Int, endpoint: Endpoint?, handle: InstanceHandle, startedAt: Date,
        state: State = .running, exitCode: Int32? = nil, readyAt: Date? = nil, publishedPorts: [Int: Endpoint] = [:]
    ) {
        self.id = id
        self.service = service
        self.revision = revision
        self.ordinal = ordinal
        self.endpoint = endpoint
        self.publishedPorts = publishedPorts
        self.handle = handle
        self.startedAt = startedAt
        self.state = state
        self.exitCode = exitCode
        self.readyAt = readyAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, service, revision, ordinal, endpoint, publishedPorts, handle, startedAt, state, exitCode, readyAt
        // Records of the local runtime written before the platform seam.
        case pid, processStartTime, port, logPath
    }

    /// Decodes a record, including one the local runtime wrote before records were platform-neutral (a PID,
    /// its start time, a loopback port and a log file at the top level): that one becomes a `process` handle.
    public init(from decoder: any Decoder) throws {
        let box = try decoder.container(keyedBy: CodingKeys.self)
        id = try box.decode(String.self, forKey: .id)
        service = try box.decode(String.self, forKey: .service)
        revision = try box.decode(Int.self, forKey: .revision)
        ordinal = try box.decode(Int.self, forKey: .ordinal)
        startedAt = try box.decode(Date.self, forKey: .startedAt)
        state = try box.decode(State.self, forKey: .state)
        exitCode = try box.decodeIfPresent(Int32.self, forKey: .exitCode)
        readyAt = try box.decodeIfPresent(Date.self, forKey: .readyAt)
        publishedPorts = try box.decodeIfPresent([Int: Endpoint].self, forKey: .publishedPorts) ?? [:]
        if let handle = try box.decodeIfPresent(InstanceHandle.self, forKey: .handle) {
            self.handle = handle
            endpoint = try box.decodeIfPresent(Endpoint.self, forKey: .endpoint)
        } else {
            let pid = try box.decode(Int32.self, forKey: .pid)
            let start = try box.decode(UInt64.self, forKey: .processStartTime)
            handle = InstanceHandle(kind: "process", id: "\(pid):\(start)",
                                    attributes: ["pid": String(pid), "startTime": String(start), "log": try box.decode(String.self, forKey: .logPath)])
            endpoint = try box.decodeIfPresent(Int.self, forKey: .port).map(Endpoint.loopback)
        }
    }

    /// Encodes the record in its platform-neutral form.
    public func encode(to encoder: any Encoder) throws {
        var box = encoder.container(keyedBy: CodingKeys.self)
        try box.encode(id, forKey: .id)
        try box.encode(service, forKey: .service)
        try box.encode(revision, forKey: .revision)
        try box.encode(ordinal, forKey: .ordinal)
        try box.encodeIfPresent(endpoint, forKey: .endpoint)
        if !publishedPorts.isEmpty { try box.encode(publishedPorts, forKey: .publishedPorts) }
        try box.encode(handle, forKey: .handle)
        try box.encode(startedAt, forKey: .startedAt)
        try box.encode(state, forKey: .state)
        try box.encodeIfPresent(exitCode, forKey: .exitCode)
        try box.encodeIfPresent(readyAt, forKey: .readyAt)
    }

    /// Where Turnout reaches the instance's `port`: its endpoint when `port` is nil, the port's published
    /// endpoint when it has one, else that port on the endpoint's host.
    public func endpoint(forPort port: Int?) -> Endpoint? {
        guard let port else { return endpoint }
        if let published = publishedPorts[port] { return published }
        return Endpoint(host: endpoint?.host ?? "127.0.0.1", port: port)
    }
}
