import TurnoutManifest

/// Runs one health probe against an instance.
///
/// `LiveHealthProber` probes real sockets and commands at the instance's endpoint (local processes, published
/// container ports, task addresses); `MemoryInstanceRuntime` answers from its in-memory instances for unit
/// tests. A platform whose scheduler owns readiness (Kubernetes) answers from it instead.
public protocol HealthProber: Sendable {
    /// Probes `instance` as `check` describes, within `check.timeout`, at the endpoint of `check.port` (the
    /// instance's own endpoint when the check names no port).
    func probe(_ check: HealthCheck, instance: InstanceRecord) async -> ProbeResult
}
