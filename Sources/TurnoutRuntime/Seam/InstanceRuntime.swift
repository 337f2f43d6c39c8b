import TurnoutManifest

/// Starts, stops and watches the instances of services on one platform. The engine knows instances only by
/// their neutral records (an endpoint and an opaque handle); how they run is the platform's business.
///
/// Implementations: the local platform's processes, the Docker platform's containers, and the in-memory
/// `MemoryInstanceRuntime` for unit tests of the engine.
public protocol InstanceRuntime: Sendable {
    /// Starts one instance and returns the record to persist. Throws before anything is started when the
    /// workload cannot be (an executable or image that does not exist).
    func start(_ spec: InstanceSpec) async throws -> InstanceRecord

    /// Asks the instance to stop (SIGTERM, `docker stop`), waits up to `timeout` for it to end, then kills it;
    /// reports how it ended. The instance has left the traffic before this is called.
    func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult

    /// What each instance is doing now, by record id: one call for all of them (a container platform asks its
    /// engine once). Detects crashes.
    func statuses(_ records: [InstanceRecord]) async -> [String: InstanceStatus]

    /// Instances of `app` that the platform runs and `known` does not name (Turnout died between starting one
    /// and storing it): the platform's own listing by labels. A platform that cannot list what it runs
    /// (plain processes) returns none.
    func discover(app: String, known: [InstanceRecord]) async throws -> [InstanceRecord]

    /// The instances among `records` that the platform has moved (a scheduler restarted one on another node
    /// after it lost the first): their records as they are now, by id, with the new endpoint (or none while the
    /// new copy is starting). A moved instance is health-checked again before it takes traffic.
    func relocations(_ records: [InstanceRecord]) async -> [String: InstanceRecord]
}

extension InstanceRuntime {
    /// Nothing moves, unless a platform's scheduler moves it.
    public func relocations(_ records: [InstanceRecord]) async -> [String: InstanceRecord] { [:] }

    /// The status of one instance.
    public func status(_ record: InstanceRecord) async -> InstanceStatus {
        await statuses([record])[record.id] ?? .gone
    }
}
