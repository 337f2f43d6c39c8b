import TurnoutManifest

/// One place instances run: this host's processes, a Docker Engine, a Swarm, a Kubernetes cluster. The deploy
/// engine drives every platform through these parts alone and never asks which one it has; exactly one place
/// (`PlatformCatalog.make` in TurnoutPlatforms) chooses the platform, from the manifest's `runtime`.
public protocol Platform: Sendable {
    /// Which runtime this is.
    var kind: RuntimeKind { get }
    /// Starts, stops and watches instances.
    var instances: any InstanceRuntime { get }
    /// Probes instances' health.
    var health: any HealthProber { get }
    /// The accessories (Redis, PostgreSQL, a managed Prometheus) as this platform provides them.
    var accessories: any AccessoryProvider { get }
    /// Pins what each service runs for a revision, so that a rollback runs exactly what was deployed.
    var releases: any ReleasePinning { get }
    /// Reads instances' CPU and memory, when the platform can (local: `/proc`; Docker: the engine's cgroups).
    var resources: (any ResourceReader)? { get }
    /// The router for `manifest`'s load balancer.
    func router(for manifest: Manifest) -> any TrafficRouter
    /// Stops what the platform runs for the state directory when no manifest says what it is (a router whose
    /// first deploy failed before a revision was kept); returns what it stopped.
    func stopLeftovers() async -> [String]
}

extension Platform {
    /// Nothing to stop, unless a platform says otherwise.
    public func stopLeftovers() async -> [String] { [] }
}
