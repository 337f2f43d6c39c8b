import TurnoutManifest
import TurnoutState

/// Reads the manifest a revision was deployed with, from the text stored in the revision.
enum RevisionManifest {
    /// The manifest, with the strategy resolved as at deploy time. Commands that do not use the strategy
    /// (status, rollback, down) pass `needsStrategy: false`: if the strategy file is gone, they still get
    /// the rest of the manifest (with the built-in rolling strategy in its place).
    static func load(_ revision: RevisionRecord, needsStrategy: Bool = true) throws -> Manifest {
        var loader = ManifestLoader()
        loader.strategyOverride = revision.strategyOverride
        let result = loader.load(yaml: revision.manifestText, file: revision.manifestPath, strategyDirectories: revision.strategyDirectories ?? [])
        if let manifest = result.manifest { return manifest }
        if !needsStrategy {
            loader.strategyOverride = "rolling"
            if let manifest = loader.load(yaml: revision.manifestText, file: revision.manifestPath, strategyDirectories: []).manifest {
                return manifest
            }
        }
        throw ManifestError(issues: result.issues)
    }
}
