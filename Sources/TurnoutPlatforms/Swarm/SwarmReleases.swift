import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Swarm platform's release pinning: each service's image is resolved to its ID on this host's engine
/// (where `turnout build` made it) and copied to every node that lacks that ID (`docker save` here, `docker
/// load` there: there is no registry), so that a task placed anywhere runs exactly the pinned image.
public struct SwarmReleases: ReleasePinning {
    /// This host's engine, where the images are built.
    public let source: DockerEngine
    /// The nodes' engines.
    public let nodes: [DockerEngine]

    /// Creates the pinner.
    public init(source: DockerEngine, nodes: [DockerEngine]) {
        self.source = source
        self.nodes = nodes
    }

    public func resolve(_ manifest: Manifest) async throws -> Manifest {
        let resolved = try await DockerReleases(engine: source).resolve(manifest)
        for image in Set(resolved.services.compactMap(\.image)) {
            var archive: [UInt8]?
            for node in nodes where try await node.imageID(image) == nil {
                if archive == nil { archive = try await source.saveImage(image) }
                try await node.loadImages(archive!)
                guard try await node.imageID(image) != nil else {
                    throw RuntimeError(.setupFailed, "the node engine at \(node.socket) loaded \(image) but does not list it")
                }
            }
        }
        return resolved
    }

    public func pin(_ manifest: Manifest, number: Int, manifestPath: String) throws -> PinnedRelease {
        try DockerReleases(engine: source).pin(manifest, number: number, manifestPath: manifestPath)
    }

    public func prune(keeping kept: Set<Int>) {}
}
