import Foundation
import Testing
@testable import TurnoutState

/// The same contract, run against the in-memory store and the SQLite store (on a real database file).
@Suite struct StateStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }
    }

    static func makeStore(_ kind: Kind) throws -> (StateStore, String?) {
        switch kind {
        case .memory:
            return (MemoryStateStore(), nil)
        case .sqlite:
            let directory = NSTemporaryDirectory() + "turnout-state-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return (try SQLiteStateStore(path: directory + "/state.db"), directory)
        }
    }

    static func revision(_ number: Int, label: String = "v") -> RevisionRecord {
        RevisionRecord(
            number: number, app: "blog", versionLabel: "\(label)\(number)", digest: String(repeating: "a", count: 64),
            manifestText: "app: blog\n", manifestPath: "m.yaml",
            services: ["api": .init(command: ["/state/releases/r\(number)/turnout-api", "--port", "${PORT}"])],
            createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(number)))
    }

    @Test(arguments: Kind.allCases)
    func revisionsAreNumberedKeptAndPruned(_ kind: Kind) throws {
        let (store, directory) = try Self.makeStore(kind)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        for _ in 1...5 { _ = try store.addRevision { Self.revision($0) } }
        #expect(try store.revisions(limit: 10).map(\.number) == [5, 4, 3, 2, 1])
        #expect(try store.revision(3) == Self.revision(3))
        #expect(try store.pruneRevisions(keep: 2, protected: [1]) == [2, 3])
        #expect(try store.revisions(limit: 10).map(\.number) == [5, 4, 1])
        #expect(try store.addRevision { Self.revision($0) }.number == 6)
    }

    @Test(arguments: Kind.allCases)
    func deploysStepsAndEventsMakeAHistory(_ kind: Kind) throws {
        let (store, directory) = try Self.makeStore(kind)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        let start = Date(timeIntervalSince1970: 1_800_000_000.25)
        var first = try store.beginDeploy(DeployRecord(revision: 1, previousRevision: nil, strategy: "rolling", startedAt: start, holderPID: 42))
        #expect(first.id > 0)
        #expect(try store.unfinishedDeploy() == first)
        try store.recordStep(StepRecord(deployID: first.id, sequence: 1, action: #"{"start":1}"#, phase: .intended, at: start))
        try store.recordStep(StepRecord(deployID: first.id, sequence: 1, action: #"{"start":1}"#, phase: .done, result: "ok", at: start))
        try store.appendEvent(DeployEvent(deployID: first.id, at: start, kind: "health", message: "1/1 healthy", values: ["healthy": 1]))
        first.outcome = .promoted
        first.endedAt = start.addingTimeInterval(3)
        first.progress = Data(#"{"step":2}"#.utf8)
        try store.updateDeploy(first)
        #expect(try store.unfinishedDeploy() == nil)
        #expect(try store.stableRevision() == 1)

        var second = try store.beginDeploy(DeployRecord(revision: 2, previousRevision: 1, strategy: "canary", startedAt: start, holderPID: 43))
        second.outcome = .rolledBack
        second.reason = "instance api-r2-1 failed /api/v1/ready: HTTP 503"
        try store.updateDeploy(second)
        #expect(try store.stableRevision() == 1)
        #expect(try store.deploys(limit: 10).map(\.id) == [second.id, first.id])
        #expect(try store.deploy(first.id) == first)
        #expect(try store.steps(deployID: first.id).map(\.phase) == [.intended, .done])
        #expect(try store.events(deployID: first.id).first?.values == ["healthy": 1])
        #expect(try store.events(deployID: second.id).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func instancesAndTrafficAreReplacedByKey(_ kind: Kind) throws {
        let (store, directory) = try Self.makeStore(kind)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        try store.saveInstance(StoredInstance(id: "api-r1-1", service: "api", revision: 1, payload: Data("a".utf8)))
        try store.saveInstance(StoredInstance(id: "worker-r1-1", service: "worker", revision: 1, payload: Data()))
        try store.saveInstance(StoredInstance(id: "api-r1-1", service: "api", revision: 1, payload: Data("b".utf8)))
        #expect(try store.instances().map(\.id) == ["api-r1-1", "worker-r1-1"])
        #expect(try store.instances().first?.payload == Data("b".utf8))
        try store.removeInstance(id: "api-r1-1")
        #expect(try store.instances().map(\.id) == ["worker-r1-1"])
        try store.setTraffic(TrafficRecord(service: "api", routing: Data("a".utf8), summary: "r1=90% r2=10%"))
        try store.setTraffic(TrafficRecord(service: "api", routing: Data("b".utf8), summary: "r2=100%"))
        #expect(try store.traffic() == [TrafficRecord(service: "api", routing: Data("b".utf8), summary: "r2=100%")])
    }

    @Test(arguments: Kind.allCases)
    func theLockIsRefusedWhileItsHolderLivesAndTakenOverWhenItIsGone(_ kind: Kind) throws {
        let (store, directory) = try Self.makeStore(kind)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let first = LockHolder(purpose: "turnout deploy a.yaml", pid: 100, pidStartTime: 5, user: "root", since: since, token: "a")
        let second = LockHolder(purpose: "turnout deploy b.yaml", pid: 100, pidStartTime: 5, user: "root", since: since, token: "b")
        try store.acquireLock(first) { _ in true }
        #expect(throws: LockHeldError.self) { try store.acquireLock(second) { _ in true } }
        do {
            try store.acquireLock(second) { _ in true }
        } catch let error as LockHeldError {
            #expect(error.holder == first)
            #expect(error.description.contains("PID 100 (root, turnout deploy a.yaml) since 2027-01-15T08:00:00Z"))
        }
        try store.releaseLock(token: "b")
        #expect(try store.lockHolder() == first)
        try store.acquireLock(first) { _ in true }
        try store.acquireLock(second) { _ in false }
        #expect(try store.lockHolder() == second)
        try store.releaseLock(token: "b")
        #expect(try store.lockHolder() == nil)
    }

    @Test(arguments: Kind.allCases)
    func operatorCommandsAreNumberedPerDeploy(_ kind: Kind) throws {
        let (store, directory) = try Self.makeStore(kind)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.beginDeploy(DeployRecord(revision: 1, previousRevision: nil, strategy: "canary", startedAt: at, holderPID: 1))
        let second = try store.beginDeploy(DeployRecord(revision: 2, previousRevision: 1, strategy: "canary", startedAt: at, holderPID: 1))
        #expect(try store.addCommand(OperatorCommandRecord(deployID: first.id, kind: "promote", at: at)).sequence == 1)
        #expect(try store.addCommand(OperatorCommandRecord(deployID: second.id, kind: "abort", at: at)).sequence == 1)
        #expect(try store.addCommand(OperatorCommandRecord(deployID: first.id, kind: "promoteFull", at: at)).sequence == 2)
        #expect(try store.commands(deployID: first.id).map(\.kind) == ["promote", "promoteFull"])
        #expect(try store.commands(deployID: second.id).map(\.sequence) == [1])
    }

    @Test func theSQLiteStoreKeepsEverythingAcrossReopening() throws {
        let (store, directory) = try Self.makeStore(.sqlite)
        defer { directory.map { try? FileManager.default.removeItem(atPath: $0) } }
        _ = try store.addRevision { Self.revision($0) }
        let deploy = try store.beginDeploy(DeployRecord(revision: 1, previousRevision: nil, strategy: "rolling", startedAt: Date(), holderPID: 7))
        let reopened = try SQLiteStateStore(path: directory! + "/state.db")
        #expect(try reopened.revision(1) == Self.revision(1))
        #expect(try reopened.unfinishedDeploy() == deploy)
    }
}
