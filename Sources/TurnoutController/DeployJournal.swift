import Foundation
import TurnoutState
import TurnoutStrategies

/// Writes what a deploy does as it does it: every action before (`intended`) and after (`done`/`failed`),
/// each service's progress, and the events people see (also sent to the progress reporter).
final class DeployJournal: @unchecked Sendable {
    let store: any StateStore
    let reporter: any ProgressReporter
    private let lock = NSLock()
    private var deploy: DeployRecord
    private var progress: DeployProgress
    private var sequence: Int
    private let started = ContinuousClock.now
    private var phases = CommandPhases()

    /// `commandStarted`: when the command began, so that the time before this record counts as `prepare`.
    init(store: any StateStore, reporter: any ProgressReporter, deploy: DeployRecord, progress: DeployProgress,
         commandStarted: ContinuousClock.Instant? = nil) throws {
        if let commandStarted { phases.charge("prepare", since: commandStarted) }
        self.store = store
        self.reporter = reporter
        self.deploy = deploy
        self.progress = progress
        sequence = try store.steps(deployID: deploy.id).map(\.sequence).max() ?? 0
    }

    var record: DeployRecord { lock.withLock { deploy } }
    var current: DeployProgress { lock.withLock { progress } }

    /// Reports an event and keeps it in the deploy's history.
    func event(service: String?, kind: String, _ message: String, values: [String: Double] = [:]) {
        let now = Date()
        let elapsed = ContinuousClock.now - started
        let event = ProgressEvent(
            at: now, elapsed: elapsed.inSeconds, service: service, kind: kind, message: message, values: values)
        reporter.report(event)
        let text = service.map { "\($0): \(message)" } ?? message
        try? store.appendEvent(DeployEvent(deployID: record.id, at: now, kind: kind, message: text, values: values))
    }

    /// Adds the time since `start` to one of the command's phases outside the rollouts (see `CommandPhases`).
    func charge(_ phase: String, since start: ContinuousClock.Instant) {
        lock.withLock { phases.charge(phase, since: start) }
    }

    /// Books the time since `finishing` as the `finish` phase and reports where the time outside the rollouts
    /// went (a `timing` event without a service). Called once, as the command ends.
    func reportPhases(finishingSince finishing: ContinuousClock.Instant) {
        charge("finish", since: finishing)
        let phases = lock.withLock { self.phases }
        let cpu = CommandPhases.processCPUSeconds
        event(service: nil, kind: "timing", "time outside the rollouts: \(phases.text); CPU used by this command: \(String(format: "%.2f", cpu))s",
              values: phases.values.merging(["cpu.seconds": cpu]) { $1 })
    }

    /// Stores a service's progress inside the deploy record.
    func save(service: String, _ serviceProgress: DeployProgress.ServiceProgress) throws {
        let updated: DeployRecord = try lock.withLock {
            progress.services[service] = serviceProgress
            deploy.progress = try progress.encoded()
            return deploy
        }
        try store.updateDeploy(updated)
    }

    /// Records that `action` is about to run; returns its sequence number.
    func intend(_ action: Action, service: String) throws -> Int {
        let number = lock.withLock { sequence += 1; return sequence }
        try store.recordStep(StepRecord(deployID: record.id, sequence: number, action: Self.describe(action, service: service), phase: .intended, at: Date()))
        return number
    }

    /// Records that action `number` finished.
    func done(_ number: Int, _ action: Action, service: String) throws {
        try store.recordStep(StepRecord(deployID: record.id, sequence: number, action: Self.describe(action, service: service), phase: .done, at: Date()))
    }

    /// Records that action `number` failed with `error`.
    func failed(_ number: Int, _ action: Action, service: String, error: String) throws {
        try store.recordStep(StepRecord(deployID: record.id, sequence: number, action: Self.describe(action, service: service), phase: .failed,
                                        result: error, at: Date()))
    }

    /// Ends the deploy with `outcome`.
    func finish(_ outcome: DeployRecord.Outcome, reason: String?) throws {
        let updated: DeployRecord = lock.withLock {
            deploy.outcome = outcome
            deploy.reason = reason
            deploy.endedAt = Date()
            return deploy
        }
        try store.updateDeploy(updated)
    }

    /// `{"service":"api","action":{...}}`.
    static func describe(_ action: Action, service: String) -> String {
        struct Entry: Encodable { var service: String; var action: Action }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(Entry(service: service, action: action)), as: UTF8.self)) ?? "\(action)"
    }
}
