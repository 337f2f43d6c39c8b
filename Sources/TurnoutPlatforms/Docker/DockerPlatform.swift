import TurnoutManifest
import TurnoutRuntime

/// The Docker platform: each instance a container of the revision's pinned image on the local Docker Engine,
/// published on a loopback port and routed through the same two-tier nginx as the local platform (only when
/// healthy over HTTP: docker-proxy accepts TCP on a published port before the application listens), drained
/// before `docker stop -t`, its CPU read from its cgroup, its accessories the host's servers reached through
/// the app network's gateway.
public struct DockerPlatform: Platform {
    public let kind = RuntimeKind.docker
    /// The state directory.
    public let layout: StateLayout
    /// The engine.
    public let engine: DockerEngine
    /// The containers.
    public let runtime: DockerInstanceRuntime

    /// Creates the platform for the state directory `layout` on `engine`.
    public init(layout: StateLayout, engine: DockerEngine = DockerEngine()) {
        self.layout = layout
        self.engine = engine
        runtime = DockerInstanceRuntime(engine: engine, layout: layout)
    }

    public var instances: any InstanceRuntime { runtime }
    public var health: any HealthProber { LiveHealthProber() }
    public var accessories: any AccessoryProvider { DockerAccessories(layout: layout, runtime: runtime) }
    public var releases: any ReleasePinning { DockerReleases(engine: engine) }
    public var resources: (any ResourceReader)? { ContainerResourceReader() }
    public func router(for manifest: Manifest) -> any TrafficRouter { NginxRouter(layout: layout, manifest: manifest) }
    public func stopLeftovers() async -> [String] { await NginxRouter.stopLeftovers(layout: layout) }
}
