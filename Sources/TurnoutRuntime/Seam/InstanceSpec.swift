import TurnoutManifest

/// What a platform starts: one instance of one revision of a service, in platform-neutral terms. The platform
/// turns it into a process, a container, a task or a pod, and says where it serves in the record it returns.
public struct InstanceSpec: Sendable, Hashable {
    /// What the instance runs.
    public enum Workload: Sendable, Hashable {
        /// A command (argv, never through a shell), run from `workingDirectory` (relative paths in it mean
        /// what they mean there). `${PORT}` is the port the platform gives the instance.
        case command(argv: [String], workingDirectory: String)
        /// A container image (a pinned image ID, `sha256:...`, or a reference), running `command` instead of
        /// the image's entrypoint when that is not empty (`${PORT}` is the port inside the container).
        case image(String, command: [String])
    }

    /// The application's name.
    public var app: String
    /// The service's name, e.g. `api`.
    public var service: String
    /// The revision number this instance belongs to.
    public var revision: Int
    /// The instance's ordinal within its revision, starting at 1.
    public var ordinal: Int
    /// What it runs.
    public var workload: Workload
    /// The environment the manifest and the deploy give it (the platform adds its own, such as `PORT`).
    public var environment: [EnvironmentVariable]
    /// The port the service listens on inside its instance (the manifest's `port`), if any. A container
    /// platform publishes it; the local platform gives each process a port of its own instead.
    public var port: Int?
    /// Other ports the instance listens on that Turnout reaches (a health check's own port).
    public var extraPorts: [Int]
    /// The CPU it may use, in cores (a container's limit); `nil` for no limit.
    public var cpuLimit: Double?
    /// The memory it may use, in bytes; `nil` for no limit.
    public var memoryLimit: Int64?
    /// How long the instance may take to stop after it is asked to before it is killed.
    public var stopTimeout: TimeSpan

    /// Creates a spec.
    public init(app: String, service: String, revision: Int, ordinal: Int, workload: Workload, environment: [EnvironmentVariable] = [],
                port: Int? = nil, extraPorts: [Int] = [], cpuLimit: Double? = nil, memoryLimit: Int64? = nil, stopTimeout: TimeSpan = .seconds(30)) {
        self.app = app
        self.service = service
        self.revision = revision
        self.ordinal = ordinal
        self.workload = workload
        self.environment = environment
        self.port = port
        self.extraPorts = extraPorts
        self.cpuLimit = cpuLimit
        self.memoryLimit = memoryLimit
        self.stopTimeout = stopTimeout
    }

    /// The instance's identifier, `SERVICE-rREVISION-ORDINAL`, e.g. `api-r3-1`.
    public var instanceID: String { "\(service)-r\(revision)-\(ordinal)" }

    /// The labels a platform that has them puts on the instance, so that adoption after a crash of Turnout
    /// finds it and nothing Turnout did not start is ever touched.
    public var labels: [String: String] { InstanceLabels.labels(app: app, service: service, revision: revision, instance: instanceID) }

    /// Replaces every `${PORT}` in `arguments` by `port`: the substitution the manifest's `command` documents.
    public static func substitutingPort(in arguments: [String], port: Int) -> [String] {
        arguments.map { $0.replacingOccurrences(of: "${PORT}", with: String(port)) }
    }
}
