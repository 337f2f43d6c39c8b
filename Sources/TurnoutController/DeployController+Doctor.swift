import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

extension DeployController {
    /// `turnout doctor`: measures the running system with the rollout analysis's sources — nginx's access
    /// log, each instance's `/metrics`, Redis INFO, queue lengths and completed-jobs counters, `/proc` CPU of
    /// the stable revision's instances — in two samples `window` apart, and returns the scaling guide's advice.
    /// Throws when nothing is deployed or running; the report's findings are empty only when no source
    /// could be read (its notes say why).
    public func doctor(window: TimeSpan, advisor: ScalingAdvisor = ScalingAdvisor()) async throws -> DoctorReport {
        guard FileManager.default.fileExists(atPath: layout.database) else {
            throw ControllerError("nothing is deployed in \(layout.root) (no state database)", hint: "run `turnout deploy MANIFEST` first, or pass the --state-dir of a deployment")
        }
        let store = try openStore()
        guard let stableNumber = try store.stableRevision(), let revision = try store.revision(stableNumber) else {
            throw ControllerError("nothing is deployed in \(layout.root)", hint: "run `turnout deploy MANIFEST` first, or pass the --state-dir of a deployment")
        }
        let manifest = try RevisionManifest.load(revision, needsStrategy: false)
        var notes: [String] = []
        if let unfinished = try store.unfinishedDeploy() {
            notes.append("deploy \(unfinished.id) of revision \(unfinished.revision) is not finished; only revision \(stableNumber)'s instances are measured")
        }
        let platform = try platform(for: manifest)
        let records = try store.instances().filter { $0.revision == stableNumber }.map { try JSONDecoder().decode(InstanceRecord.self, from: $0.payload) }
        let statuses = await platform.instances.statuses(records)
        var instances: [String: [FleetInstance]] = [:]
        for record in records {
            guard record.state == .running, statuses[record.id]?.isRunning == true else {
                notes.append("\(record.id) (\(record.handle)) is not running; left out")
                continue
            }
            instances[record.service, default: []].append(FleetInstance(record: record, state: .healthy))
        }
        guard !instances.isEmpty else {
            throw ControllerError("revision \(stableNumber) of \(manifest.app) has no running instance in \(layout.root)",
                                  hint: "deploy it again with `turnout deploy`, or check `turnout status`")
        }
        let probe = DoctorProbe(manifest: manifest, instances: instances, accessLogPath: platform.router(for: manifest).requestLog,
                                resources: platform.resources, window: window)
        let (measured, probeNotes) = try await probe.measure()
        let (findings, advisorNotes) = advisor.advise(measured)
        return DoctorReport(app: manifest.app, revision: stableNumber, versionLabel: revision.versionLabel, window: window.description,
                            seconds: measured.seconds, measuredAt: Date(), findings: findings, notes: notes + probeNotes + advisorNotes)
    }
}
