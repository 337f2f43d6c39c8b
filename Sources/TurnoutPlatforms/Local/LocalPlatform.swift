import TurnoutManifest
import TurnoutRuntime

/// The local platform: each instance a process on this host (posix_spawn, its own session, a loopback port of
/// its own), executables pinned by content under the state directory, health probed on loopback, CPU read from
/// `/proc`, Redis and PostgreSQL as host servers, and Turnout's two-tier nginx in front.
public struct LocalPlatform: Platform {
    public let kind = RuntimeKind.local
    /// The state directory.
    public let layout: StateLayout
    /// The processes.
    public let runtime: LocalInstanceRuntime

    /// Creates the platform for the state directory `layout`, handing out instance ports from `ports`.
    public init(layout: StateLayout, ports: PortAllocator = PortAllocator(), resolver: ExecutableResolver = .standard()) {
        self.layout = layout
        runtime = LocalInstanceRuntime(processes: LocalProcessRuntime(resolver: resolver), ports: ports, logDirectory: layout.instanceLogs,
                                       fallbackDirectory: layout.root)
    }

    public var instances: any InstanceRuntime { runtime }
    public var health: any HealthProber { LiveHealthProber() }
    public var accessories: any AccessoryProvider { HostAccessories(layout: layout) }
    public var releases: any ReleasePinning { ReleasePinner(layout: layout, resolver: runtime.processes.resolver) }
    public var resources: (any ResourceReader)? { ProcessResourceReader() }
    public func router(for manifest: Manifest) -> any TrafficRouter { NginxRouter(layout: layout, manifest: manifest) }

    /// Stops the nginx masters under the state directory by their prefixes.
    public func stopLeftovers() async -> [String] { await NginxRouter.stopLeftovers(layout: layout) }
}
