import Foundation
import Glibc
import TurnoutManifest
import TurnoutRuntime

/// The Swarm platform: each instance a Swarm service of one replica on the manager the manifest names, its
/// task's node address and host-mode published port its endpoint, routed through the same two-tier nginx as
/// the other platforms once healthy; Swarm keeps placement, restarts and node failover, Turnout keeps traffic
/// and judgement. Images are copied to the nodes (no registry); accessories are this host's servers, listening
/// also on the address the nodes reach this host at.
public struct SwarmPlatform: Platform {
    public let kind = RuntimeKind.swarm
    /// The state directory.
    public let layout: StateLayout
    /// The manifest's swarm settings.
    public let settings: SwarmSettings
    /// The manager's engine.
    public let manager: DockerEngine
    /// The tasks.
    public let runtime: SwarmInstanceRuntime

    /// Creates the platform.
    public init(layout: StateLayout, settings: SwarmSettings, source: DockerEngine = DockerEngine()) throws {
        guard let socket = SwarmSettings.socketPath(settings.manager) else {
            throw RuntimeError(.setupFailed, "the swarm manager \(settings.manager) is not a unix:// engine address")
        }
        self.layout = layout
        self.settings = settings
        manager = DockerEngine(socket: socket)
        runtime = SwarmInstanceRuntime(manager: manager, settings: settings, layout: layout)
        self.source = source
    }

    private let source: DockerEngine

    public var instances: any InstanceRuntime { runtime }
    public var health: any HealthProber { LiveHealthProber() }
    public var accessories: any AccessoryProvider { SwarmAccessories(layout: layout, settings: settings, manager: manager) }
    public var releases: any ReleasePinning {
        SwarmReleases(source: source, nodes: settings.nodes.compactMap(SwarmSettings.socketPath).map { DockerEngine(socket: $0) })
    }
    public var resources: (any ResourceReader)? { nil }
    public func router(for manifest: Manifest) -> any TrafficRouter { NginxRouter(layout: layout, manifest: manifest) }
    public func stopLeftovers() async -> [String] { await NginxRouter.stopLeftovers(layout: layout) }
}

/// The Swarm platform's accessories: this host's servers, listening also on the address the nodes reach this
/// host at (`host_address`, or the source address of this host's route to the manager), with the /24 around it
/// let into PostgreSQL.
struct SwarmAccessories: AccessoryProvider {
    let layout: StateLayout
    let settings: SwarmSettings
    let manager: DockerEngine

    func ensure(_ manifest: Manifest, report: @Sendable (String) -> Void) async throws -> [String: String] {
        let host: String
        if let configured = settings.hostAddress {
            host = configured
        } else {
            guard let managerAddress = try await manager.swarmNodeAddress(), let local = Self.sourceAddress(toward: managerAddress) else {
                throw RuntimeError(.setupFailed, "cannot tell which address of this host the swarm's nodes reach",
                                   hint: "set swarm.host_address to this host's address on the nodes' network")
            }
            host = local
        }
        let octets = host.split(separator: ".")
        let subnet = octets.count == 4 ? octets.prefix(3).joined(separator: ".") + ".0/24" : host + "/32"
        return try await HostAccessories(layout: layout, instanceHost: host, instanceSubnet: subnet).ensure(manifest, report: report)
    }

    func ensurePrometheus(scrapeInterval: TimeSpan, targetsFile: String) async throws -> (endpoint: Endpoint, started: Bool, process: String) {
        try await HostAccessories(layout: layout).ensurePrometheus(scrapeInterval: scrapeInterval, targetsFile: targetsFile)
    }

    func statuses() async -> [AccessoryState] { await HostAccessories(layout: layout).statuses() }

    func stopAll() async -> [String] { await HostAccessories(layout: layout).stopAll() }

    /// The address this host's kernel would send from to reach `address` (a UDP socket connected to it, which
    /// sends nothing).
    static func sourceAddress(toward address: String) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = UInt16(2377).bigEndian
        guard inet_pton(AF_INET, address, &remote.sin_addr) == 1 else { return nil }
        let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { return nil }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        guard named == 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &local.sin_addr, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil else { return nil }
        return String(cString: buffer)
    }
}
