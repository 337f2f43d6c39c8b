import TurnoutManifest
import TurnoutRuntime

/// The one place that chooses a platform: from the manifest's `runtime`, for a state directory. Nothing else in
/// Turnout asks which platform it has.
public enum PlatformCatalog {
    /// The platform for `runtime` with its state under `layout`; `ports` is where the local platform hands out
    /// instance ports.
    public static func make(_ runtime: RuntimeKind, layout: StateLayout, ports: PortAllocator = PortAllocator()) throws -> any Platform {
        switch runtime {
        case .local:
            return LocalPlatform(layout: layout, ports: ports)
        case .docker:
            return DockerPlatform(layout: layout)
        case .kubernetes:
            throw RuntimeError(.setupFailed, "turnout deploy does not run the kubernetes runtime yet",
                               hint: "use `turnout generate kubernetes` for it, or set runtime: local or docker")
        }
    }
}
