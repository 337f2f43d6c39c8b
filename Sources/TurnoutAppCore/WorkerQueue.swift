import Foundation
import TurnoutRedis

/// A job taken from a queue: the exact bytes (which identify it in the
/// in-progress list) and the decoded job.
public struct TakenJob: Sendable {
    /// Raw JSON bytes as stored in Redis.
    public let raw: [UInt8]
    /// Decoded job.
    public let job: Job
}

/// Consumer-side queue operations for one worker: reliable fetch into an
/// in-progress list, acknowledgement, retry, dead-lettering, heartbeats and reaping.
public struct WorkerQueue: Sendable {
    /// Pool used for every command.
    public let pool: RedisPool
    /// This worker's id.
    public let workerID: String
    /// Queues served, in order.
    public let queues: [JobQueueName]
    /// Lifetime of task hashes, in seconds.
    public let taskTTL: Int

    /// Creates the consumer API.
    public init(pool: RedisPool, workerID: String, queues: [JobQueueName], taskTTL: Int = 86_400) {
        self.pool = pool
        self.workerID = workerID
        self.queues = queues
        self.taskTTL = taskTTL
    }

    /// This worker's in-progress list.
    public var inProgressKey: String { QueueKeys.inProgress(worker: workerID) }

    /// Lists in fetch order: every high list, then every low list.
    public var fetchOrder: [String] {
        queues.map { QueueKeys.queue($0, .high) } + queues.map { QueueKeys.queue($0, .low) }
    }

    /// Atomically moves the first available job (high before low) into the
    /// in-progress list; when none is there, blocks up to `block` seconds on
    /// `blockOn`'s low list. Returns nil when nothing arrived.
    public func fetch(block: Double, blockOn queue: JobQueueName) async throws -> TakenJob? {
        let keys = [inProgressKey] + fetchOrder
        let inProgress = inProgressKey
        let blockKey = QueueKeys.queue(queue, .low)
        let raw: [UInt8]? = try await pool.withConnection { connection in
            let reply = try connection.command(["EVAL", QueueScripts.fetch, String(keys.count)] + keys).throwIfError()
            if let items = reply.array, items.count == 2, let bytes = items[1].bytes { return bytes }
            guard block > 0 else { return nil }
            let blocked = try connection.command(
                ["BLMOVE", blockKey, inProgress, "RIGHT", "LEFT", String(format: "%.3f", block)]
            ).throwIfError()
            return blocked.bytes
        }
        guard let raw else { return nil }
        do {
            return TakenJob(raw: raw, job: try Job.decode(raw))
        } catch {
            // Unparseable data must not block the queue: park it for inspection.
            _ = try await pool.pipeline(bytes: [
                [Array("LREM".utf8), Array(inProgress.utf8), Array("1".utf8), raw],
                [Array("LPUSH".utf8), Array("\(QueueKeys.prefix):unparseable".utf8), raw],
            ])
            return nil
        }
    }

    /// Records that the job started (status, attempts, worker, started_at).
    public func markProcessing(_ taken: TakenJob) async throws {
        let key = QueueKeys.task(taken.job.id)
        let now = String(format: "%.3f", Date().timeIntervalSince1970)
        _ = try await pool.pipeline([
            ["HSET", key, "status", TaskStatus.processing.rawValue, "worker", workerID, "started_at", now],
            ["HINCRBY", key, "attempts", "1"],
            ["EXPIRE", key, String(taskTTL)],
        ])
    }

    /// Acknowledges a finished job; returns false when this worker no longer owned it.
    public func complete(_ taken: TakenJob, result: String) async throws -> Bool {
        let queue = taken.job.queue
        let keys = [inProgressKey, QueueKeys.task(taken.job.id), QueueKeys.completedCount(queue),
                    QueueKeys.completedIDs(queue), QueueKeys.duplicateCount(queue)]
        let now = String(format: "%.3f", Date().timeIntervalSince1970)
        let args: [[UInt8]] = [taken.raw, Array(taken.job.id.utf8), Array(result.utf8), Array(now.utf8),
                               Array(String(taskTTL).utf8)]
        return try await eval(QueueScripts.complete, keys: keys, args: args) == 1
    }

    /// Schedules a retry after `delay` seconds, or dead-letters the job when its
    /// attempts are used up. Returns the outcome, or nil when not owned any more.
    public func fail(_ taken: TakenJob, error: String, delay: Double) async throws -> TaskStatus? {
        var next = taken.job
        next.attempt += 1
        let ttl = Array(String(taskTTL).utf8)
        if next.attempt >= next.maxAttempts {
            let now = String(format: "%.3f", Date().timeIntervalSince1970)
            let keys = [inProgressKey, QueueKeys.dead(taken.job.queue), QueueKeys.task(taken.job.id)]
            let owned = try await eval(QueueScripts.dead, keys: keys,
                                       args: [taken.raw, Array(error.utf8), Array(now.utf8), ttl]) == 1
            return owned ? .dead : nil
        }
        let due = String(Int64((Date().timeIntervalSince1970 + delay) * 1000))
        let keys = [inProgressKey, QueueKeys.delayed, QueueKeys.task(taken.job.id)]
        let owned = try await eval(QueueScripts.retry, keys: keys,
                                   args: [taken.raw, next.encoded(), Array(due.utf8), Array(error.utf8), ttl]) == 1
        return owned ? .failed : nil
    }

    /// Puts one unfinished job back at the head of its queue.
    public func requeue(_ taken: TakenJob) async throws -> Bool {
        let keys = [inProgressKey, QueueKeys.queue(taken.job.queue, taken.job.priority), QueueKeys.task(taken.job.id)]
        return try await eval(QueueScripts.requeueOne, keys: keys, args: [taken.raw]) == 1
    }

    /// Refreshes this worker's heartbeat (TTL in milliseconds) and registration.
    public func heartbeat(ttlMilliseconds: Int) async throws {
        let replies = try await pool.pipeline([
            ["SET", QueueKeys.heartbeat(worker: workerID), String(Date().timeIntervalSince1970), "PX", String(ttlMilliseconds)],
            ["SADD", QueueKeys.workers, workerID],
        ])
        for reply in replies { try reply.throwIfError() }
    }

    /// Deregisters this worker (clean exit).
    public func deregister() async throws {
        _ = try await pool.pipeline([
            ["DEL", QueueKeys.heartbeat(worker: workerID)],
            ["SREM", QueueKeys.workers, workerID],
        ])
    }

    /// Requeues the in-progress jobs of every registered worker whose heartbeat
    /// expired, and deregisters it. Returns how many jobs were requeued.
    public func reapDeadWorkers() async throws -> Int {
        let members = try await pool.command(["SMEMBERS", QueueKeys.workers]).throwIfError().array ?? []
        var requeued = 0
        for member in members {
            guard let other = member.string, other != workerID else { continue }
            let alive = try await pool.command(["EXISTS", QueueKeys.heartbeat(worker: other)]).int ?? 1
            if alive != 0 { continue }
            requeued += try await requeueAll(worker: other)
            _ = try await pool.command(["SREM", QueueKeys.workers, other])
        }
        return requeued
    }

    /// Moves every job of `worker`'s in-progress list back to its queue head.
    public func requeueAll(worker: String) async throws -> Int {
        try await eval(QueueScripts.requeueAll, keys: [QueueKeys.inProgress(worker: worker)],
                       args: [Array(QueueKeys.prefix.utf8)])
    }

    /// Moves retries that are due back into their queues.
    public func promoteDueRetries(limit: Int = 100) async throws -> Int {
        let now = String(Int64(Date().timeIntervalSince1970 * 1000))
        return try await eval(QueueScripts.promoteDue, keys: [QueueKeys.delayed],
                              args: [Array(now.utf8), Array(String(limit).utf8), Array(QueueKeys.prefix.utf8)])
    }

    private func eval(_ script: String, keys: [String], args: [[UInt8]]) async throws -> Int {
        let argv: [[UInt8]] = [Array("EVAL".utf8), Array(script.utf8), Array(String(keys.count).utf8)]
            + keys.map { Array($0.utf8) } + args
        let reply = try await pool.command(bytes: argv).throwIfError()
        guard let value = reply.int else { throw RedisError.unexpectedReply("script returned \(reply)") }
        return value
    }
}
