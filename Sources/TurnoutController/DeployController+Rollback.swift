import Foundation
import TurnoutManifest
import TurnoutState
import TurnoutStrategies

extension DeployController {
    /// Returns every service to revision `target` (default: the previous good revision), health-checked and
    /// traffic first. With an interrupted deploy in the store, undoes that deploy instead: back to the
    /// revision it started from.
    public func rollback(to target: Int? = nil, lockWait: Duration? = nil) async throws -> DeployResult {
        let commandStarted = ContinuousClock.now
        let store = try openStore()
        return try await withLock(store, purpose: "turnout rollback", wait: lockWait) {
            var interrupted = try store.unfinishedDeploy()
            if let deploy = interrupted, target != nil, target != deploy.previousRevision {
                throw ControllerError("deploy \(deploy.id) was interrupted; it can only be rolled back to revision \(deploy.previousRevision.map(String.init) ?? "none")",
                                      hint: "run `turnout rollback` without --to, or `turnout resume`")
            }
            let current: Int
            let destination: Int
            if let deploy = interrupted {
                guard let previous = deploy.previousRevision else {
                    throw ControllerError("the interrupted deploy \(deploy.id) was the first one: there is no earlier revision to return to",
                                          hint: "run `turnout down` to stop it, then deploy again")
                }
                current = deploy.revision
                destination = previous
            } else {
                guard let stable = try store.stableRevision() else {
                    throw ControllerError("nothing is deployed yet", hint: "run `turnout deploy MANIFEST` first")
                }
                current = stable
                guard let chosen = try target ?? previousGoodRevision(store, before: stable) else {
                    throw ControllerError("revision \(stable) is the only good revision; there is nothing to roll back to")
                }
                destination = chosen
            }
            guard destination != current else { throw ControllerError("revision \(destination) is already the stable revision") }
            guard let targetRecord = try store.revision(destination), let currentRecord = try store.revision(current) else {
                throw ControllerError("revision \(destination) is no longer kept", hint: "`turnout history` lists the revisions kept")
            }
            let manifest = try RevisionManifest.load(targetRecord, needsStrategy: false)
            if var deploy = interrupted {
                deploy.outcome = .rolledBack
                deploy.reason = "interrupted; undone by turnout rollback"
                deploy.endedAt = Date()
                try store.updateDeploy(deploy)
                interrupted = deploy
            }
            let progress = DeployProgress(order: manifest.services.map(\.name), overrides: [:])
            let deploy = try store.beginDeploy(DeployRecord(
                kind: .rollback, revision: destination, previousRevision: current, strategy: "rollback", startedAt: Date(),
                progress: try progress.encoded(), holderPID: getpid()))
            let journal = try DeployJournal(store: store, reporter: reporter, deploy: deploy, progress: progress, commandStarted: commandStarted)
            journal.event(service: nil, kind: "deploy", "rolling back from revision \(current) (\(currentRecord.versionLabel)) to revision \(destination) (\(targetRecord.versionLabel))"
                          + (interrupted != nil ? ", undoing interrupted deploy \(interrupted!.id)" : ""))
            return try await runRollback(manifest: manifest, from: currentRecord, to: targetRecord, store: store, journal: journal)
        }
    }

    /// The newest revision before `stable` that was promoted.
    func previousGoodRevision(_ store: any StateStore, before stable: Int) throws -> Int? {
        try store.deploys(limit: 1000).first { $0.outcome == .promoted && $0.revision != stable }?.revision
    }

    func runRollback(manifest: Manifest, from current: RevisionRecord, to target: RevisionRecord, store: any StateStore,
                     journal: DeployJournal) async throws -> DeployResult {
        let opening = ContinuousClock.now
        var session = try await DeploySession.open(manifest, store: store, controller: self)
        try await session.ensureAccessories(self, journal: journal)
        journal.charge("session", since: opening)
        var halted: String?
        for service in manifest.services {
            let saved = journal.current.services[service.name] ?? .fresh
            if saved.outcome != nil { continue }
            let strategy = Self.rollbackRollout(for: service, manifest: manifest, reason: "rollback to revision \(target.number)")
            let outcome = try await rollout(service, strategy: strategy, manifest: manifest, candidate: current, stable: target,
                                            session: session, journal: journal, saved: saved, routingForRollback: true)
            if case .halted(let reason) = outcome { halted = halted ?? "\(service.name): \(reason)" }
        }
        let finishing = ContinuousClock.now
        defer { journal.reportPhases(finishingSince: finishing) }
        if let halted {
            try journal.finish(.halted, reason: halted)
            journal.event(service: nil, kind: "outcome", "rollback HALTED: \(halted)")
            return DeployResult(deployID: journal.record.id, revision: target.number, outcome: "halted", reason: halted)
        }
        try journal.finish(.promoted, reason: "rolled back from revision \(current.number)")
        journal.event(service: nil, kind: "outcome", "revision \(target.number) (\(target.versionLabel)) is stable again")
        return DeployResult(deployID: journal.record.id, revision: target.number, outcome: "promoted", reason: nil)
    }

    /// Continues an interrupted deploy where its stored progress left it.
    public func resume(lockWait: Duration? = nil) async throws -> DeployResult {
        let commandStarted = ContinuousClock.now
        let store = try openStore()
        return try await withLock(store, purpose: "turnout resume", wait: lockWait) {
            guard var deploy = try store.unfinishedDeploy() else { throw ControllerError("no interrupted deploy to resume") }
            guard let candidate = try store.revision(deploy.revision) else { throw ControllerError("revision \(deploy.revision) is no longer kept") }
            let stable = try deploy.previousRevision.flatMap { try store.revision($0) }
            let saved = DeployProgress.decode(deploy.progress)
            let manifest = try RevisionManifest.load(candidate)
            deploy.holderPID = getpid()
            try store.updateDeploy(deploy)
            let progress = saved ?? DeployProgress(order: manifest.services.map(\.name), overrides: [:])
            let journal = try DeployJournal(store: store, reporter: reporter, deploy: deploy, progress: progress, commandStarted: commandStarted)
            journal.event(service: nil, kind: "deploy", "resuming deploy \(deploy.id) of revision \(candidate.number) (\(candidate.versionLabel))")
            if deploy.kind == .rollback, let stable {
                return try await runRollback(manifest: manifest, from: stable, to: candidate, store: store, journal: journal)
            }
            return try await run(manifest: manifest, candidate: candidate, stable: stable, store: store, journal: journal)
        }
    }
}
