import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Docker platform's release pinning: each service's image reference is resolved to the ID the engine has
/// for it when the revision is recorded, and the revision runs that ID (with the manifest's command, if any).
/// A rollback then starts exactly what was deployed, even after the tag moved to a new build.
public struct DockerReleases: ReleasePinning {
    /// The engine.
    public let engine: DockerEngine

    /// Creates the pinner.
    public init(engine: DockerEngine) { self.engine = engine }

    /// Replaces each service's image reference by its image ID; fails naming every image the engine lacks.
    public func resolve(_ manifest: Manifest) async throws -> Manifest {
        var resolved = manifest
        var missing: [String] = []
        for (index, service) in manifest.services.enumerated() {
            guard let image = service.image else {
                throw RuntimeError(.setupFailed, "service \(service.name) has no image: the docker runtime runs images",
                                   hint: "give it `image: turnout-api:1.0.0` (built with `turnout build MANIFEST`)")
            }
            if image.hasPrefix("sha256:") { continue }
            guard let id = try await engine.imageID(image) else {
                missing.append(image)
                continue
            }
            resolved.services[index].image = id
        }
        if !missing.isEmpty {
            throw RuntimeError(.setupFailed, "the Docker Engine has no image \(missing.joined(separator: ", ")) (there is no registry to pull from)",
                               hint: "build the bundled images with `turnout build MANIFEST`, or `docker load` yours")
        }
        return resolved
    }

    /// Each service's image ID with its command; the IDs go into the revision's digest.
    public func pin(_ manifest: Manifest, number: Int, manifestPath: String) throws -> PinnedRelease {
        var workloads: [String: InstanceSpec.Workload] = [:]
        var parts: [String] = []
        for service in manifest.services {
            guard let image = service.image else { continue }
            workloads[service.name] = .image(image, command: service.command)
            parts.append("\(service.name)\0\(image)\0")
        }
        return PinnedRelease(workloads: workloads, digestParts: parts)
    }

    /// Images are the engine's; nothing of Turnout's to prune.
    public func prune(keeping kept: Set<Int>) {}
}
