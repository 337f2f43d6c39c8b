import Foundation
import Synchronization

/// An in-memory `StateStore` for unit tests of the controller's logic.
public final class MemoryStateStore: StateStore {
    private struct Contents {
        var revisions: [Int: RevisionRecord] = [:]
        var nextRevision = 1
        var deploys: [Int64: DeployRecord] = [:]
        var nextDeploy: Int64 = 1
        var steps: [StepRecord] = []
        var events: [DeployEvent] = []
        var instances: [String: StoredInstance] = [:]
        var traffic: [String: TrafficRecord] = [:]
        var lock: LockHolder?
        var commands: [OperatorCommandRecord] = []
    }

    private let contents = Mutex(Contents())

    /// Creates an empty store.
    public init() {}

    public func addRevision(_ make: (Int) throws -> RevisionRecord) throws -> RevisionRecord {
        try contents.withLock { state in
            let record = try make(state.nextRevision)
            state.revisions[record.number] = record
            state.nextRevision = record.number + 1
            return record
        }
    }

    public func revision(_ number: Int) throws -> RevisionRecord? { contents.withLock { $0.revisions[number] } }

    public func revisions(limit: Int) throws -> [RevisionRecord] {
        contents.withLock { Array($0.revisions.values.sorted { $0.number > $1.number }.prefix(limit)) }
    }

    public func pruneRevisions(keep: Int, protected: Set<Int>) throws -> [Int] {
        contents.withLock { state in
            let doomed = state.revisions.keys.sorted(by: >).dropFirst(keep).filter { !protected.contains($0) }
            for number in doomed { state.revisions[number] = nil }
            return doomed.sorted()
        }
    }

    public func beginDeploy(_ deploy: DeployRecord) throws -> DeployRecord {
        contents.withLock { state in
            var stored = deploy
            stored.id = state.nextDeploy
            state.nextDeploy += 1
            state.deploys[stored.id] = stored
            return stored
        }
    }

    public func updateDeploy(_ deploy: DeployRecord) throws { contents.withLock { $0.deploys[deploy.id] = deploy } }

    public func deploy(_ id: Int64) throws -> DeployRecord? { contents.withLock { $0.deploys[id] } }

    public func unfinishedDeploy() throws -> DeployRecord? {
        contents.withLock { $0.deploys.values.filter { $0.outcome == .running }.max { $0.id < $1.id } }
    }

    public func deploys(limit: Int) throws -> [DeployRecord] {
        contents.withLock { Array($0.deploys.values.sorted { $0.id > $1.id }.prefix(limit)) }
    }

    public func stableRevision() throws -> Int? {
        contents.withLock { state in
            state.deploys.values.filter { $0.outcome == .promoted }.max { $0.id < $1.id }?.revision
        }
    }

    public func recordStep(_ step: StepRecord) throws { contents.withLock { $0.steps.append(step) } }

    public func steps(deployID: Int64) throws -> [StepRecord] {
        contents.withLock { $0.steps.filter { $0.deployID == deployID } }
    }

    public func appendEvent(_ event: DeployEvent) throws { contents.withLock { $0.events.append(event) } }

    public func events(deployID: Int64) throws -> [DeployEvent] {
        contents.withLock { $0.events.filter { $0.deployID == deployID } }
    }

    public func saveInstance(_ instance: StoredInstance) throws { contents.withLock { $0.instances[instance.id] = instance } }

    public func removeInstance(id: String) throws { contents.withLock { $0.instances[id] = nil } }

    public func instances() throws -> [StoredInstance] {
        contents.withLock { $0.instances.values.sorted { ($0.service, $0.id) < ($1.service, $1.id) } }
    }

    public func setTraffic(_ traffic: TrafficRecord) throws { contents.withLock { $0.traffic[traffic.service] = traffic } }

    public func traffic() throws -> [TrafficRecord] {
        contents.withLock { $0.traffic.values.sorted { $0.service < $1.service } }
    }

    public func addCommand(_ command: OperatorCommandRecord) throws -> OperatorCommandRecord {
        contents.withLock { state in
            var stored = command
            stored.sequence = state.commands.filter { $0.deployID == command.deployID }.count + 1
            state.commands.append(stored)
            return stored
        }
    }

    public func commands(deployID: Int64) throws -> [OperatorCommandRecord] {
        contents.withLock { $0.commands.filter { $0.deployID == deployID } }
    }

    public func acquireLock(_ holder: LockHolder, isAlive: (LockHolder) -> Bool) throws {
        try contents.withLock { state in
            if let current = state.lock, current.token != holder.token, isAlive(current) {
                throw LockHeldError(holder: current)
            }
            state.lock = holder
        }
    }

    public func releaseLock(token: String) throws {
        contents.withLock { state in
            if state.lock?.token == token { state.lock = nil }
        }
    }

    public func lockHolder() throws -> LockHolder? { contents.withLock { $0.lock } }
}
