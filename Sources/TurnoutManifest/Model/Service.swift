/// One deployable service: the web API or a queue worker.
public struct Service: Sendable, Hashable {
    /// What a service does, which decides the keys it takes.
    public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
        /// Serves HTTP behind the load balancer.
        case web
        /// Consumes background jobs from queues.
        case worker
    }

    /// The service's name (a DNS label), unique in the manifest.
    public var name: String
    /// Web or worker.
    public var role: Role
    /// The container image (docker and kubernetes runtimes), e.g. `turnout-api:1.4.0`.
    public var image: String?
    /// The command to run: an executable and its arguments (the local runtime; overrides the image's command
    /// elsewhere). `${PORT}` in an argument is replaced by the instance's port.
    public var command: [String]
    /// The port the service listens on (web services).
    public var port: Int?
    /// How many instances run.
    public var replicas: Int
    /// Plain environment variables, in manifest order.
    public var env: [EnvironmentVariable]
    /// Environment variables whose values come from secrets, never written into generated files.
    public var secrets: [SecretReference]
    /// CPU and memory requests and limits.
    public var resources: Resources
    /// Readiness (gates traffic) and liveness checks.
    public var health: HealthCheck?
    /// Horizontal autoscaling bounds and targets.
    public var autoscaling: Autoscaling?
    /// Queues a worker consumes, highest priority handled by the worker itself.
    public var queues: [String]
    /// How many jobs a worker instance runs at once.
    public var concurrency: Int
    /// How long an instance may take to stop after SIGTERM before it is killed.
    public var stopTimeout: TimeSpan
    /// Accessories this service needs; their connection URLs are passed in its environment.
    public var uses: [String]
    /// Where each instance serves Prometheus metrics (on its port), read by the rollout analysis; `nil`: none.
    public var metricsPath: String?

    /// Creates a service.
    public init(
        name: String, role: Role, image: String? = nil, command: [String] = [], port: Int? = nil,
        replicas: Int = 1, env: [EnvironmentVariable] = [], secrets: [SecretReference] = [],
        resources: Resources = Resources(), health: HealthCheck? = nil, autoscaling: Autoscaling? = nil,
        queues: [String] = [], concurrency: Int = 1, stopTimeout: TimeSpan = .seconds(30), uses: [String] = [],
        metricsPath: String? = nil
    ) {
        self.name = name
        self.role = role
        self.image = image
        self.command = command
        self.port = port
        self.replicas = replicas
        self.env = env
        self.secrets = secrets
        self.resources = resources
        self.health = health
        self.autoscaling = autoscaling
        self.queues = queues
        self.concurrency = concurrency
        self.stopTimeout = stopTimeout
        self.uses = uses
        self.metricsPath = metricsPath
    }
}

/// A plain environment variable.
public struct EnvironmentVariable: Sendable, Hashable {
    /// The variable's name (`[A-Za-z_][A-Za-z0-9_]*`).
    public var name: String
    /// Its value.
    public var value: String

    /// Creates a variable.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An environment variable filled from a secret at run time.
public struct SecretReference: Sendable, Hashable {
    /// The variable the service sees.
    public var name: String
    /// The secret's name (a Kubernetes Secret, a compose secret, or an environment variable of Turnout's
    /// own process for the local runtime).
    public var secret: String
    /// The key inside the secret.
    public var key: String

    /// Creates a reference.
    public init(name: String, secret: String, key: String) {
        self.name = name
        self.secret = secret
        self.key = key
    }
}
