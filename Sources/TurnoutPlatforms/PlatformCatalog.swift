import TurnoutManifest
import TurnoutRuntime

/// The one place that chooses a platform: from the manifest's `runtime`, for a state directory. Nothing else in
/// Turnout asks which platform it has.
public enum PlatformCatalog {
    /// The platform `manifest`'s `runtime` names (the local one without a manifest) with its state under
    /// `layout`; `ports` is where the local platform hands out instance ports.
    public static func make(for manifest: Manifest?, layout: StateLayout, ports: PortAllocator = PortAllocator()) throws -> any Platform {
        switch manifest?.runtime ?? .local {
        case .local:
            return LocalPlatform(layout: layout, ports: ports)
        case .docker:
            return DockerPlatform(layout: layout)
        case .swarm:
            guard let settings = manifest?.swarm else {
                throw RuntimeError(.setupFailed, "the swarm runtime needs a swarm block naming its manager", hint: "swarm: {manager: unix:///var/run/docker.sock}")
            }
            return try SwarmPlatform(layout: layout, settings: settings)
        case .kubernetes:
            throw RuntimeError(.setupFailed, "turnout deploy does not run the kubernetes runtime yet",
                               hint: "use `turnout generate kubernetes` for it, or set runtime: local or docker")
        }
    }
}
