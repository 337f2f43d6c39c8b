import TurnoutManifest

/// Starts, stops and watches the processes of service instances.
///
/// `LocalProcessRuntime` runs real processes on this host; `MemoryProcessRuntime` is the in-memory stand-in for
/// unit tests of the controller and strategies' drivers.
public protocol ProcessRuntime: Sendable {
    /// Starts one instance and returns the record to persist. Throws before anything is spawned when the
    /// executable cannot be found.
    func start(_ spec: InstanceSpec) async throws -> InstanceRecord

    /// Sends SIGTERM, waits up to `timeout` for the process to end, then sends SIGKILL; reports how it ended.
    func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult

    /// What the instance is doing now; detects crashes and reaps the runtime's own exited children.
    func status(_ record: InstanceRecord) -> InstanceStatus
}
