import Foundation

/// An immutable release: the manifest as deployed, what each service runs, a version label and a content
/// digest. Revisions are numbered from 1 and kept (up to a configurable limit) so that any of them can be
/// started again by `turnout rollback --to N`.
public struct RevisionRecord: Codable, Sendable, Hashable {
    /// 1, 2, 3... in the order deployed.
    public var number: Int
    /// The application's name.
    public var app: String
    /// A label people recognise, such as `1.4.0` (passed to instances as TURNOUT_VERSION).
    public var versionLabel: String
    /// SHA-256 of the manifest text and every pinned executable, hex.
    public var digest: String
    /// The manifest text as deployed.
    public var manifestText: String
    /// Where the manifest was read from.
    public var manifestPath: String
    /// Per service, what an instance runs: pinned argv (local runtime) or image reference.
    public var services: [String: ServiceRelease]
    /// When the revision was recorded.
    public var createdAt: Date
    /// Where its strategy was looked up, and the `--strategy` it was deployed with, so that the manifest reads
    /// the same way later.
    public var strategyDirectories: [String]?
    public var strategyOverride: String?

    /// What one service runs in a revision.
    public struct ServiceRelease: Codable, Sendable, Hashable {
        /// The command with its executable pinned (copied into the state directory) so that a later
        /// rollback can start exactly this release again.
        public var command: [String]
        /// The container image, for the docker and kubernetes runtimes (pinned to its ID by them).
        public var image: String?
        /// Where the command runs (the manifest's folder); `nil` in records written before it was kept.
        public var workingDirectory: String?
        /// Whether instances run `image` (a container platform pinned it; `command`, if any, runs inside it)
        /// rather than `command` on the host; `nil` in records written before it was kept.
        public var runsImage: Bool?

        /// Creates a service release.
        public init(command: [String], image: String? = nil, workingDirectory: String? = nil, runsImage: Bool? = nil) {
            self.command = command
            self.image = image
            self.workingDirectory = workingDirectory
            self.runsImage = runsImage
        }
    }

    /// Creates a revision record.
    public init(
        number: Int, app: String, versionLabel: String, digest: String, manifestText: String, manifestPath: String,
        services: [String: ServiceRelease], createdAt: Date
    ) {
        self.number = number
        self.app = app
        self.versionLabel = versionLabel
        self.digest = digest
        self.manifestText = manifestText
        self.manifestPath = manifestPath
        self.services = services
        self.createdAt = createdAt
    }
}
