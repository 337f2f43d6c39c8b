import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Docker platform's accessories: the same host servers as the local platform's (Redis, PostgreSQL,
/// Prometheus, started and recorded under the state directory), listening also on the gateway of the app's
/// bridge network, where its containers reach them; a container's loopback is its own, not the host's.
///
/// Chosen over accessories as containers (no registry: their images would have to be built from the host's
/// binaries, PostgreSQL's data kept in a volume) and over host networking (every container would share the
/// host's ports, so two instances of a service could not both listen on the manifest's port): the gateway
/// keeps containers isolated on their network and the accessories where `turnout down` and `status` find them.
public struct DockerAccessories: AccessoryProvider {
    /// The state directory.
    public let layout: StateLayout
    /// Makes the app's network.
    public let runtime: DockerInstanceRuntime

    /// Creates the provider.
    public init(layout: StateLayout, runtime: DockerInstanceRuntime) {
        self.layout = layout
        self.runtime = runtime
    }

    public func ensure(_ manifest: Manifest, report: @Sendable (String) -> Void) async throws -> [String: String] {
        let network = try await runtime.network(for: manifest.app)
        return try await HostAccessories(layout: layout, instanceHost: network.gateway, instanceSubnet: network.subnet).ensure(manifest, report: report)
    }

    public func ensurePrometheus(scrapeInterval: TimeSpan, targetsFile: String) async throws -> (endpoint: Endpoint, started: Bool, process: String) {
        try await HostAccessories(layout: layout).ensurePrometheus(scrapeInterval: scrapeInterval, targetsFile: targetsFile)
    }

    public func statuses() async -> [AccessoryState] { await HostAccessories(layout: layout).statuses() }

    public func stopAll() async -> [String] { await HostAccessories(layout: layout).stopAll() }
}
