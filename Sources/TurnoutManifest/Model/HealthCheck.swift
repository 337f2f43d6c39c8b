/// How Turnout (and the generated compose and Kubernetes files) decide that an instance is healthy.
public struct HealthCheck: Sendable, Hashable {
    /// What is probed.
    public enum Probe: Sendable, Hashable {
        /// An HTTP GET of `path` on the instance's port that must answer `expectStatus`.
        case http(path: String, expectStatus: Int)
        /// A TCP connection to the instance's port.
        case tcp
        /// A command that must exit 0 (argv, never a shell string).
        case command([String])
    }

    /// The readiness probe: an instance takes traffic only while it passes.
    public var probe: Probe
    /// The liveness path for HTTP services (restarts a stuck instance); defaults to the readiness path.
    public var livenessPath: String?
    /// The port probed; defaults to the service's port (workers name their metrics port here).
    public var port: Int?
    /// Time between probes.
    public var interval: TimeSpan
    /// How long one probe may take.
    public var timeout: TimeSpan
    /// Consecutive passes before an instance counts as healthy.
    public var healthyThreshold: Int
    /// Consecutive failures before an instance counts as unhealthy.
    public var unhealthyThreshold: Int
    /// Grace after start during which failures do not count.
    public var startPeriod: TimeSpan

    /// Creates a health check with the defaults the manifest reference documents.
    public init(
        probe: Probe, livenessPath: String? = nil, port: Int? = nil, interval: TimeSpan = .seconds(2),
        timeout: TimeSpan = .seconds(1), healthyThreshold: Int = 2, unhealthyThreshold: Int = 3,
        startPeriod: TimeSpan = .seconds(30)
    ) {
        self.probe = probe
        self.livenessPath = livenessPath
        self.port = port
        self.interval = interval
        self.timeout = timeout
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.startPeriod = startPeriod
    }

    /// The HTTP readiness path, if the probe is HTTP.
    public var httpPath: String? {
        if case .http(let path, _) = probe { return path }
        return nil
    }
}
