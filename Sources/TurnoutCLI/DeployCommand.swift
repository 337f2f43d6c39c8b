import ArgumentParser
import Foundation
import TurnoutController
import TurnoutManifest

/// `turnout deploy MANIFEST`: rolls a new revision out with the manifest's strategy.
struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Roll the manifest out as a new revision, health-checked, rolling back automatically on failure.",
        discussion: """
            On the local runtime every instance is a process on loopback behind an nginx Turnout manages under \
            --state-dir. The first deploy starts every instance at once (each health-checked before it takes \
            traffic); later deploys use the manifest's strategy (or --strategy). Progress is printed as it \
            happens (--output json: one JSON event per line). Exit 0 when the revision is promoted, 3 when it \
            was rolled back, 1 on errors, 2 on an invalid manifest.
            """
    )

    @Argument(help: "The manifest.")
    var manifest: String = "turnout.yaml"

    @OptionGroup var state: StateOptions

    @Option(name: .customLong("version-label"), help: "The release's label, passed to instances as TURNOUT_VERSION (default: rN).")
    var versionLabel: String?

    @Option(help: "Use this strategy file instead of the manifest's (rolling, blue-green, canary, ...).")
    var strategy: String?

    @Option(name: .customLong("strategies"), help: "A directory searched for strategy files first.")
    var strategyDirectories: [String] = []

    @Option(name: .customLong("env"), help: "SERVICE:NAME=VALUE added to a service's environment for this deploy (repeatable).")
    var environment: [String] = []

    @Option(name: .customLong("lock-wait"), help: "Wait up to this long (e.g. 2m) for another deploy's lock instead of refusing.")
    var lockWait: String?

    @Option(name: .customLong("keep-revisions"), help: "Revisions kept for rollback (their pinned executables too); at least 2.")
    var keepRevisions = 10

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let options = DeployOptions(
                manifestPath: manifest, versionLabel: versionLabel, strategyDirectories: strategyDirectories, strategyOverride: strategy,
                environmentOverrides: try EnvironmentOverride.parse(environment), lockWait: try Self.duration(lockWait, option: "--lock-wait"),
                revisionsToKeep: keepRevisions)
            let controller = DeployController(stateDirectory: state.stateDirectory, reporter: state.output.reporter)
            let result = try await controller.deploy(options)
            if !result.succeeded { throw ExitCodes.rolledBack }
        }
    }

    static func duration(_ text: String?, option: String) throws -> Duration? {
        guard let text else { return nil }
        guard let span = TimeSpan.parse(text) else {
            throw ValidationError("\(option) expects a duration such as 30s or 2m, got '\(text)'")
        }
        return span.duration
    }
}

extension OutputFormat {
    /// The progress reporter for this format.
    var reporter: any ProgressReporter { self == .json ? JSONLinesProgressReporter() : TextProgressReporter() }
}
