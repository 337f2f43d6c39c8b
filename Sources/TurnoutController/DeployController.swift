import Foundation
import TurnoutManifest
import TurnoutPlatforms
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// Turnout's deploy engine: `deploy`, `rollback`, `resume`, `promote`, `abort`, `status`, `history` and
/// `down` all go through here, on whichever platform the manifest's `runtime` names (the engine only speaks
/// to the `Platform` seam). One state directory holds one application.
public final class DeployController: Sendable {
    /// Makes the platform a manifest runs on (none: the local platform, for commands with no manifest to read)
    /// for a state directory: `PlatformCatalog.make` by default; tests give the in-memory platform or a local
    /// one on ports of their own.
    public typealias PlatformFactory = @Sendable (Manifest?, StateLayout) throws -> any Platform

    /// The state directory's layout.
    public let layout: StateLayout
    let reporter: any ProgressReporter
    let analysis: any AnalysisRunner
    let environment: [String: String]
    let makePlatform: PlatformFactory

    /// Creates a controller for the state directory `stateDirectory`. The defaults are the real platforms;
    /// tests substitute in-memory ones.
    public init(
        stateDirectory: String, reporter: any ProgressReporter = TextProgressReporter(),
        analysis: any AnalysisRunner = MetricAnalysis(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        platform: PlatformFactory? = nil
    ) {
        layout = StateLayout(root: stateDirectory)
        self.reporter = reporter
        self.analysis = analysis
        self.environment = environment
        makePlatform = platform ?? { manifest, layout in try PlatformCatalog.make(for: manifest, layout: layout) }
    }

    /// The platform `manifest` runs on.
    func platform(for manifest: Manifest) throws -> any Platform { try makePlatform(manifest, layout) }

    /// Opens the state database (creating the directory).
    func openStore() throws -> SQLiteStateStore {
        try layout.create()
        return try SQLiteStateStore(path: layout.database)
    }

    /// Rolls the manifest out as a new revision with its strategy; rolls back automatically when checks fail.
    public func deploy(_ options: DeployOptions) async throws -> DeployResult {
        let commandStarted = ContinuousClock.now
        var options = options
        options.manifestPath = URL(fileURLWithPath: options.manifestPath).standardizedFileURL.path
        let manifest = try loadManifest(options)
        let manifestText = try String(contentsOfFile: options.manifestPath, encoding: .utf8)
        let store = try openStore()
        return try await withLock(store, purpose: "turnout deploy \(options.manifestPath)", wait: options.lockWait) {
            if let unfinished = try store.unfinishedDeploy() {
                throw ControllerError("deploy \(unfinished.id) of revision \(unfinished.revision) was interrupted and is not finished",
                                      hint: "run `turnout resume` to continue it or `turnout rollback` to undo it first")
            }
            // The stable revision counts only while it runs: after `turnout down`, the next deploy starts afresh.
            let running = Set(try store.instances().map(\.revision))
            let stableNumber = try store.stableRevision().flatMap { running.contains($0) ? $0 : nil }
            let stable = try stableNumber.flatMap { try store.revision($0) }
            let releases = try platform(for: manifest).releases
            let resolved = try await releases.resolve(manifest)
            let revision = try store.addRevision { number in
                try RevisionRecord.pinned(
                    manifest, number: number, release: try releases.pin(resolved, number: number, manifestPath: options.manifestPath),
                    manifestText: manifestText, manifestPath: options.manifestPath, versionLabel: options.versionLabel ?? "r\(number)",
                    strategyDirectories: options.strategyDirectories + ManifestLoader.nearbyStrategyDirectories(of: options.manifestPath),
                    strategyOverride: options.strategyOverride)
            }
            let overrides = options.environmentOverrides.mapValues { Dictionary($0.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }) }
            let progress = DeployProgress(order: manifest.services.map(\.name), overrides: overrides)
            let deploy = try store.beginDeploy(DeployRecord(
                revision: revision.number, previousRevision: stable?.number, strategy: stable == nil ? "initial" : manifest.strategy.kindName,
                startedAt: Date(), progress: try progress.encoded(), holderPID: getpid()))
            let journal = try DeployJournal(store: store, reporter: reporter, deploy: deploy, progress: progress, commandStarted: commandStarted)
            journal.event(service: nil, kind: "deploy",
                          "deploying revision \(revision.number) (\(revision.versionLabel), digest \(revision.digest.prefix(12))) of \(manifest.app) "
                          + (stable.map { "over revision \($0.number) (\($0.versionLabel))" } ?? "(first deploy)")
                          + " with the \(stable == nil ? "initial (all at once, health-checked)" : manifest.strategy.kindName) strategy")
            return try await run(manifest: manifest, candidate: revision, stable: stable, store: store, journal: journal,
                                 revisionsToKeep: max(2, options.revisionsToKeep))
        }
    }

    /// Loads and validates the manifest, applying `--strategy`, and checks the deploy's options against it.
    func loadManifest(_ options: DeployOptions) throws -> Manifest {
        var loader = ManifestLoader(strategyDirectories: options.strategyDirectories)
        loader.strategyOverride = options.strategyOverride
        let manifest = try loader.manifest(at: options.manifestPath)
        _ = try platform(for: manifest)
        for service in options.environmentOverrides.keys where manifest.service(named: service) == nil {
            throw ControllerError("--env names service '\(service)', which the manifest does not have",
                                  hint: "services: \(manifest.services.map(\.name).joined(separator: ", "))")
        }
        return manifest
    }

    /// Holds the deploy lock around `body`.
    func withLock<T>(_ store: any StateStore, purpose: String, wait: Duration?, _ body: () async throws -> T) async throws -> T {
        let holder = ProcessIdentity.current(purpose: purpose)
        let deadline = ContinuousClock.now + (wait ?? .zero)
        while true {
            do {
                try store.acquireLock(holder, isAlive: ProcessIdentity.isAlive)
                break
            } catch let error as LockHeldError {
                guard ContinuousClock.now < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        do {
            let result = try await body()
            try? store.releaseLock(token: holder.token)
            return result
        } catch {
            try? store.releaseLock(token: holder.token)
            throw error
        }
    }
}
