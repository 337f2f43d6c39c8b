import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

extension DeployController {
    /// Rolls each service out in manifest order; when one fails, the services already promoted in this
    /// deploy are rolled back too (traffic first), so the application never runs a mix it was not deployed as.
    func run(manifest: Manifest, candidate: RevisionRecord, stable: RevisionRecord?, store: any StateStore,
             journal: DeployJournal, revisionsToKeep: Int = 10) async throws -> DeployResult {
        let opening = ContinuousClock.now
        var session = try await DeploySession.open(manifest, store: store, controller: self)
        try await session.ensureAccessories(self, journal: journal)
        if stable == nil, await !session.router.isServing() { try await session.traffic.reconcile() }
        journal.charge("session", since: opening)
        let progress = journal.current
        var promoted: [Service] = []
        for service in manifest.services {
            let saved = progress.services[service.name] ?? .fresh
            if saved.outcome == "promoted" { promoted.append(service); continue }
            var chosen = manifest.strategy
            if chosen.analyzes, !analysis.canMeasure(service, in: manifest) {
                chosen = chosen.withoutAnalysis
                journal.event(service: service.name, kind: "analysis", "no metric source measures \(service.role.rawValue) services here: rolling out on health checks alone")
            } else if chosen.analyzes, chosen.analysisMetrics.isDisjoint(with: ServiceMeasurement.judgeable(service, in: manifest)) {
                let names = chosen.analysisMetrics.map(\.rawValue).sorted().joined(separator: ", ")
                chosen = chosen.withoutAnalysis
                journal.event(service: service.name, kind: "analysis", "the analysis judges only \(names), none of which applies to \(service.name): rolling out on health checks alone")
            }
            let strategy = stable == nil ? Self.initialRollout(for: service) : makeRollout(for: chosen, service: service)
            let outcome = try await rollout(service, strategy: strategy, manifest: manifest, candidate: candidate, stable: stable,
                                            session: session, journal: journal, saved: saved)
            switch outcome {
            case .promoted:
                promoted.append(service)
            case .rolledBack(let reason), .halted(let reason):
                let halted = outcome != .rolledBack(reason)
                var finalHalt = halted ? reason : nil
                if let stable {
                    for done in promoted.reversed() {
                        journal.event(service: done.name, kind: "rollback", "undoing: \(service.name) failed")
                        let undo = try await rollout(
                            done, strategy: Self.rollbackRollout(for: done, manifest: manifest, reason: "\(service.name) failed: \(reason)"),
                            manifest: manifest, candidate: candidate, stable: stable, session: session, journal: journal,
                            saved: .fresh, routingForRollback: true)
                        if case .halted(let why) = undo { finalHalt = finalHalt ?? why }
                    }
                }
                let outcomeName: DeployRecord.Outcome = finalHalt == nil ? .rolledBack : .halted
                let why = "\(service.name): \(finalHalt ?? reason)"
                let finishing = ContinuousClock.now
                defer { journal.reportPhases(finishingSince: finishing) }
                try journal.finish(outcomeName, reason: why)
                journal.event(service: nil, kind: "outcome", "deploy \(outcomeName == .halted ? "HALTED" : "rolled back"): \(why)")
                return DeployResult(deployID: journal.record.id, revision: candidate.number, outcome: outcomeName.rawValue, reason: why)
            }
        }
        let finishing = ContinuousClock.now
        defer { journal.reportPhases(finishingSince: finishing) }
        try journal.finish(.promoted, reason: nil)
        try pruneRevisions(store, keep: revisionsToKeep, stable: candidate.number, previous: stable?.number, platform: session.platform)
        journal.event(service: nil, kind: "outcome", "revision \(candidate.number) (\(candidate.versionLabel)) promoted: all services healthy and taking traffic")
        return DeployResult(deployID: journal.record.id, revision: candidate.number, outcome: "promoted", reason: nil)
    }

    /// One service's rollout with `strategy`.
    func rollout(
        _ service: Service, strategy: any RolloutStrategy, manifest: Manifest, candidate: RevisionRecord, stable: RevisionRecord?,
        session: DeploySession, journal: DeployJournal, saved: DeployProgress.ServiceProgress, routingForRollback: Bool = false
    ) async throws -> ServiceRollout.Outcome {
        if routingForRollback, service.role == .web {
            let routing = ContinuousClock.now
            try await session.traffic.set(service.name, await session.upstreamEquivalent(of: service.name))
            journal.charge("routing", since: routing)
        }
        let overrides = (journal.current.overrides[service.name] ?? [:]).sorted { $0.key < $1.key }.map { EnvironmentVariable(name: $0.key, value: $0.value) }
        let builder = InstanceEnvironment(manifest: manifest, parent: self.environment, accessoryURLs: session.accessoryURLs)
        let environment = try builder.variables(for: service, revision: candidate.number, versionLabel: candidate.versionLabel, overrides: overrides)
        // The stable revision starts again (in a rollback) with its own label and without this deploy's overrides.
        let stableEnvironment = try stable.map { try builder.variables(for: service, revision: $0.number, versionLabel: $0.versionLabel, overrides: []) }
        let run = ServiceRollout(
            deployID: journal.record.id, service: service, manifest: manifest, strategy: strategy, stable: stable, candidate: candidate,
            fleet: session.fleets[service.name]!, traffic: session.traffic, store: session.store, analysis: analysis, journal: journal,
            environment: environment, stableEnvironment: stableEnvironment ?? environment, accessLogPath: session.router.requestLog,
            resources: session.platform.resources, prometheus: session.prometheus)
        return try await run.run(from: saved)
    }

    /// The first deploy of an application: every instance at once, each health-checked before it takes traffic.
    static func initialRollout(for service: Service) -> any RolloutStrategy {
        let deadline: TimeSpan = .seconds(Int64(max(120, (service.health?.startPeriod.seconds ?? 0) * 2)))
        return makeRollout(for: .rolling(RollingStrategy(
            maxSurge: .count(max(1, service.replicas)), maxUnavailable: .count(0), progressDeadline: deadline)), service: service)
    }

    /// A rollout back to the stable revision, traffic first.
    static func rollbackRollout(for service: Service, manifest: Manifest, reason: String) -> any RolloutStrategy {
        let deadline: Duration = .seconds(max(120, Int64((service.health?.startPeriod.seconds ?? 0) * 2)))
        return RollbackRollout(
            rollbackPlan: RollbackPlan(routing: service.role == .web ? .upstream : .none, grace: service.stopTimeout.duration, deadline: deadline),
            reason: reason)
    }

    /// Keeps the newest `keep` revisions plus the stable and previous ones; deletes their pinned files too.
    func pruneRevisions(_ store: any StateStore, keep: Int, stable: Int, previous: Int?, platform: any Platform) throws {
        let protected = Set([stable] + (previous.map { [$0] } ?? []))
        _ = try store.pruneRevisions(keep: keep, protected: protected)
        let kept = Set(try store.revisions(limit: Int.max).map(\.number))
        platform.releases.prune(keeping: kept)
    }
}
