/// A deployment manifest: the application, its services, load balancer, accessories, SLOs and the rollout
/// strategy, as read and validated from YAML.
public struct Manifest: Sendable, Hashable {
    /// The application's name (a DNS label: lowercase letters, digits and `-`).
    public var app: String
    /// Where the application runs.
    public var runtime: RuntimeKind
    /// The services, in the order the manifest lists them.
    public var services: [Service]
    /// The nginx load balancer in front of the web services.
    public var loadBalancer: LoadBalancer
    /// Redis, Postgres and the like, in manifest order.
    public var accessories: [Accessory]
    /// Service-level objectives the rollout analysis judges against.
    public var slo: SLO
    /// The rollout strategy, resolved from `strategies/` or written inline, with overrides applied.
    public var strategy: Strategy
    /// Where the strategy came from (a file path, or `inline`).
    public var strategySource: String
    /// The Prometheus the rollout analysis asks, if any.
    public var prometheus: PrometheusSettings?
    /// What generated Kubernetes files target.
    public var kubernetes: KubernetesSettings
    /// The Swarm to run on (`runtime: swarm`).
    public var swarm: SwarmSettings?

    /// Creates a manifest.
    public init(
        app: String, runtime: RuntimeKind, services: [Service], loadBalancer: LoadBalancer,
        accessories: [Accessory], slo: SLO, strategy: Strategy, strategySource: String,
        prometheus: PrometheusSettings? = nil, kubernetes: KubernetesSettings = KubernetesSettings(), swarm: SwarmSettings? = nil
    ) {
        self.app = app
        self.runtime = runtime
        self.services = services
        self.loadBalancer = loadBalancer
        self.accessories = accessories
        self.slo = slo
        self.strategy = strategy
        self.strategySource = strategySource
        self.prometheus = prometheus
        self.kubernetes = kubernetes
        self.swarm = swarm
    }

    /// The service called `name`, if any.
    public func service(named name: String) -> Service? { services.first { $0.name == name } }

    /// The services that take HTTP traffic.
    public var webServices: [Service] { services.filter { $0.role == .web } }

    /// The queue consumers.
    public var workerServices: [Service] { services.filter { $0.role == .worker } }

    /// The accessory called `name`, if any.
    public func accessory(named name: String) -> Accessory? { accessories.first { $0.name == name } }
}

/// Where a manifest's services run.
public enum RuntimeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Processes on this host, on loopback, behind an nginx Turnout manages.
    case local
    /// Containers on the local Docker Engine.
    case docker
    /// Tasks on a Docker Swarm (one Swarm service per instance).
    case swarm
    /// A Kubernetes cluster.
    case kubernetes
}
