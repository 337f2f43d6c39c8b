import TurnoutManifest

/// Runs one health probe against an instance.
///
/// `LiveHealthProber` probes real sockets and commands; `MemoryProcessRuntime` answers from its in-memory
/// instances for unit tests.
public protocol HealthProber: Sendable {
    /// Probes `host:port` as `check` describes, within `check.timeout`. The caller chooses the port (the
    /// instance's port, or `check.port` when the check names one).
    func probe(_ check: HealthCheck, host: String, port: Int) async -> ProbeResult
}
