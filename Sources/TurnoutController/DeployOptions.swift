import TurnoutManifest

/// What `turnout deploy` was asked to do.
public struct DeployOptions: Sendable {
    /// The manifest file.
    public var manifestPath: String
    /// The release's label (passed to instances as TURNOUT_VERSION); defaults to `rN`.
    public var versionLabel: String?
    /// Strategy directories searched before the ones beside the manifest.
    public var strategyDirectories: [String]
    /// A strategy name that replaces the manifest's (`--strategy canary`).
    public var strategyOverride: String?
    /// Extra environment per service for this deploy (`--env api:KEY=VALUE`), e.g. fault-injection switches.
    public var environmentOverrides: [String: [EnvironmentVariable]]
    /// How long to wait for another deploy's lock (nil: refuse at once).
    public var lockWait: Duration?
    /// Revisions kept for rollback.
    public var revisionsToKeep: Int

    /// Creates options.
    public init(
        manifestPath: String, versionLabel: String? = nil, strategyDirectories: [String] = [], strategyOverride: String? = nil,
        environmentOverrides: [String: [EnvironmentVariable]] = [:], lockWait: Duration? = nil, revisionsToKeep: Int = 10
    ) {
        self.manifestPath = manifestPath
        self.versionLabel = versionLabel
        self.strategyDirectories = strategyDirectories
        self.strategyOverride = strategyOverride
        self.environmentOverrides = environmentOverrides
        self.lockWait = lockWait
        self.revisionsToKeep = revisionsToKeep
    }
}

/// How a deploy, rollback or resume ended.
public struct DeployResult: Sendable {
    /// The deploy's id in history.
    public var deployID: Int64
    /// The revision rolled out (or rolled back to).
    public var revision: Int
    /// promoted, rolled back, halted...
    public var outcome: String
    /// Why, when not promoted.
    public var reason: String?

    /// Whether the new revision is now stable.
    public var succeeded: Bool { outcome == "promoted" }
}
