import TurnoutManifest

/// A platform held in memory for unit tests of the engine: `MemoryInstanceRuntime` for instances and health,
/// `MemoryTrafficRouter` for routing, accessories that are always there, and releases pinned as they are.
public struct MemoryPlatform: Platform {
    public let kind: RuntimeKind
    /// The simulated instances.
    public let runtime: MemoryInstanceRuntime
    /// The router every manifest gets.
    public let trafficRouter: MemoryTrafficRouter

    /// Creates a platform; `healthyOnStart` decides whether new instances pass probes at once.
    public init(kind: RuntimeKind = .local, runtime: MemoryInstanceRuntime = MemoryInstanceRuntime(), router: MemoryTrafficRouter = MemoryTrafficRouter()) {
        self.kind = kind
        self.runtime = runtime
        trafficRouter = router
    }

    public var instances: any InstanceRuntime { runtime }
    public var health: any HealthProber { runtime }
    public var accessories: any AccessoryProvider { MemoryAccessories() }
    public var releases: any ReleasePinning { UnpinnedReleases() }
    public var resources: (any ResourceReader)? { nil }
    public func router(for manifest: Manifest) -> any TrafficRouter { trafficRouter }
}

/// Accessories that need nothing: every URL is the manifest's own, nothing is started or stopped.
public struct MemoryAccessories: AccessoryProvider {
    /// Creates the provider.
    public init() {}

    public func ensure(_ manifest: Manifest, report: @Sendable (String) -> Void) async throws -> [String: String] {
        Dictionary(manifest.accessories.map { ($0.name, $0.url) }, uniquingKeysWith: { $1 })
    }

    public func ensurePrometheus(scrapeInterval: TimeSpan, targetsFile: String) async throws -> (endpoint: Endpoint, started: Bool, process: String) {
        throw RuntimeError(.setupFailed, "the memory platform runs no Prometheus")
    }

    public func statuses() async -> [AccessoryState] { [] }

    public func stopAll() async -> [String] { [] }
}

/// Releases pinned as the manifest writes them: each service's command from the manifest's folder, or its image.
public struct UnpinnedReleases: ReleasePinning {
    /// Creates the pinner.
    public init() {}

    public func pin(_ manifest: Manifest, number: Int, manifestPath: String) throws -> PinnedRelease {
        let folder = manifestPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var workloads: [String: InstanceSpec.Workload] = [:]
        for service in manifest.services {
            if !service.command.isEmpty {
                workloads[service.name] = .command(argv: service.command, workingDirectory: folder.isEmpty ? "/" : folder)
            } else if let image = service.image {
                workloads[service.name] = .image(image, command: [])
            }
        }
        return PinnedRelease(workloads: workloads, digestParts: [])
    }

    public func prune(keeping kept: Set<Int>) {}
}
