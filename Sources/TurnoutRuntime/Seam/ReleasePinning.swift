import TurnoutManifest

/// Pins what each service of a manifest runs, when a revision is recorded: the local platform copies each
/// executable into the state directory by content, a container platform resolves each image to its ID. A
/// rollback then starts exactly what was deployed, even after a rebuild or a moved tag.
public protocol ReleasePinning: Sendable {
    /// `manifest` with what must be looked up before a revision is recorded resolved (a container platform
    /// replaces each service's image reference by the ID the engine has for it, or fails naming the missing
    /// image). The default returns it unchanged.
    func resolve(_ manifest: Manifest) async throws -> Manifest

    /// The pinned workload of each service of `manifest` for revision `number`, and what the revision's digest
    /// covers besides the manifest text (executables' or images' digests, in service order).
    func pin(_ manifest: Manifest, number: Int, manifestPath: String) throws -> PinnedRelease

    /// Forgets the pins of every revision not in `kept`.
    func prune(keeping kept: Set<Int>)
}

extension ReleasePinning {
    /// Nothing to look up, unless a platform says otherwise.
    public func resolve(_ manifest: Manifest) async throws -> Manifest { manifest }
}

/// What a revision runs, per service.
public struct PinnedRelease: Sendable, Hashable {
    /// Per service, its pinned workload.
    public var workloads: [String: InstanceSpec.Workload]
    /// What the revision's digest covers besides the manifest: one entry per pinned file or image.
    public var digestParts: [String]

    /// Creates a pinned release.
    public init(workloads: [String: InstanceSpec.Workload], digestParts: [String]) {
        self.workloads = workloads
        self.digestParts = digestParts
    }
}
