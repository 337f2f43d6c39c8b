import Foundation
import GRDB

/// The default `StateStore`: an SQLite database (through GRDB) in the state directory. Each write is one
/// transaction; the database runs in WAL mode so `turnout status` can read while a deploy writes.
public final class SQLiteStateStore: StateStore {
    private let queue: DatabaseQueue

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: configuration)
        // WAL with synchronous=NORMAL: every committed step survives the process being killed (the guarantee
        // resume and rollback need) without an fsync per step.
        try queue.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA journal_mode = WAL")
            try $0.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try StateSchema.migrator.migrate(queue)
    }

    public func addRevision(_ make: (Int) throws -> RevisionRecord) throws -> RevisionRecord {
        try queue.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM revision") ?? 0
            let record = try make(last + 1)
            try db.execute(sql: "INSERT INTO revision (number, createdAt, body) VALUES (?, ?, ?)",
                           arguments: [record.number, record.createdAt, try StateCoding.encode(record)])
            return record
        }
    }

    public func revision(_ number: Int) throws -> RevisionRecord? {
        try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM revision WHERE number = ?", arguments: [number])
                .map { try StateCoding.decode(RevisionRecord.self, from: $0) }
        }
    }

    public func revisions(limit: Int) throws -> [RevisionRecord] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM revision ORDER BY number DESC LIMIT ?", arguments: [limit])
                .map { try StateCoding.decode(RevisionRecord.self, from: $0) }
        }
    }

    public func pruneRevisions(keep: Int, protected: Set<Int>) throws -> [Int] {
        try queue.write { db in
            let numbers = try Int.fetchAll(db, sql: "SELECT number FROM revision ORDER BY number DESC")
            let doomed = numbers.dropFirst(keep).filter { !protected.contains($0) }
            for number in doomed {
                try db.execute(sql: "DELETE FROM revision WHERE number = ?", arguments: [number])
            }
            return doomed.sorted()
        }
    }

    public func beginDeploy(_ deploy: DeployRecord) throws -> DeployRecord {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO deploy (outcome, body) VALUES (?, ?)",
                           arguments: [deploy.outcome.rawValue, try StateCoding.encode(deploy)])
            var stored = deploy
            stored.id = db.lastInsertedRowID
            try db.execute(sql: "UPDATE deploy SET body = ? WHERE id = ?", arguments: [try StateCoding.encode(stored), stored.id])
            return stored
        }
    }

    public func updateDeploy(_ deploy: DeployRecord) throws {
        try queue.write { db in
            try db.execute(sql: "UPDATE deploy SET outcome = ?, body = ? WHERE id = ?",
                           arguments: [deploy.outcome.rawValue, try StateCoding.encode(deploy), deploy.id])
        }
    }

    public func deploy(_ id: Int64) throws -> DeployRecord? {
        try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM deploy WHERE id = ?", arguments: [id])
                .map { try StateCoding.decode(DeployRecord.self, from: $0) }
        }
    }

    public func unfinishedDeploy() throws -> DeployRecord? {
        try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM deploy WHERE outcome = 'running' ORDER BY id DESC LIMIT 1")
                .map { try StateCoding.decode(DeployRecord.self, from: $0) }
        }
    }

    public func deploys(limit: Int) throws -> [DeployRecord] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM deploy ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { try StateCoding.decode(DeployRecord.self, from: $0) }
        }
    }

    public func stableRevision() throws -> Int? {
        try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM deploy WHERE outcome = 'promoted' ORDER BY id DESC LIMIT 1")
                .map { try StateCoding.decode(DeployRecord.self, from: $0).revision }
        }
    }

    public func recordStep(_ step: StepRecord) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO step (deployID, sequence, body) VALUES (?, ?, ?)",
                           arguments: [step.deployID, step.sequence, try StateCoding.encode(step)])
        }
    }

    public func steps(deployID: Int64) throws -> [StepRecord] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM step WHERE deployID = ? ORDER BY rowid", arguments: [deployID])
                .map { try StateCoding.decode(StepRecord.self, from: $0) }
        }
    }

    public func appendEvent(_ event: DeployEvent) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO event (deployID, body) VALUES (?, ?)",
                           arguments: [event.deployID, try StateCoding.encode(event)])
        }
    }

    public func events(deployID: Int64) throws -> [DeployEvent] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM event WHERE deployID = ? ORDER BY rowid", arguments: [deployID])
                .map { try StateCoding.decode(DeployEvent.self, from: $0) }
        }
    }

    public func saveInstance(_ instance: StoredInstance) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO instance (id, service, body) VALUES (?, ?, ?)",
                           arguments: [instance.id, instance.service, try StateCoding.encode(instance)])
        }
    }

    public func removeInstance(id: String) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM instance WHERE id = ?", arguments: [id]) }
    }

    public func instances() throws -> [StoredInstance] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM instance ORDER BY service, id")
                .map { try StateCoding.decode(StoredInstance.self, from: $0) }
        }
    }

    public func setTraffic(_ traffic: TrafficRecord) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO traffic (service, body) VALUES (?, ?)",
                           arguments: [traffic.service, try StateCoding.encode(traffic)])
        }
    }

    public func traffic() throws -> [TrafficRecord] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM traffic ORDER BY service")
                .map { try StateCoding.decode(TrafficRecord.self, from: $0) }
        }
    }

    public func addCommand(_ command: OperatorCommandRecord) throws -> OperatorCommandRecord {
        try queue.write { db in
            let last = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM command WHERE deployID = ?", arguments: [command.deployID]) ?? 0
            var stored = command
            stored.sequence = last + 1
            try db.execute(sql: "INSERT INTO command (deployID, sequence, body) VALUES (?, ?, ?)",
                           arguments: [stored.deployID, stored.sequence, try StateCoding.encode(stored)])
            return stored
        }
    }

    public func commands(deployID: Int64) throws -> [OperatorCommandRecord] {
        try queue.read { db in
            try Data.fetchAll(db, sql: "SELECT body FROM command WHERE deployID = ? ORDER BY sequence", arguments: [deployID])
                .map { try StateCoding.decode(OperatorCommandRecord.self, from: $0) }
        }
    }

    public func acquireLock(_ holder: LockHolder, isAlive: (LockHolder) -> Bool) throws {
        try queue.write { db in
            if let data = try Data.fetchOne(db, sql: "SELECT body FROM lock WHERE id = 1") {
                let current = try StateCoding.decode(LockHolder.self, from: data)
                if current.token != holder.token, isAlive(current) { throw LockHeldError(holder: current) }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO lock (id, body) VALUES (1, ?)", arguments: [try StateCoding.encode(holder)])
        }
    }

    public func releaseLock(token: String) throws {
        try queue.write { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT body FROM lock WHERE id = 1"),
                  try StateCoding.decode(LockHolder.self, from: data).token == token else { return }
            try db.execute(sql: "DELETE FROM lock WHERE id = 1")
        }
    }

    public func lockHolder() throws -> LockHolder? {
        try queue.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM lock WHERE id = 1").map { try StateCoding.decode(LockHolder.self, from: $0) }
        }
    }
}
