import Foundation
import TurnoutRedis

/// Producer-side queue operations: enqueue jobs and read task state.
public struct TaskQueue: Sendable {
    /// Runs every command (the API's multiplexer, or a worker's pool).
    public let pool: any RedisCommands
    /// Lifetime of task hashes, in seconds.
    public let taskTTL: Int

    /// Creates the producer API over `pool`.
    public init(pool: any RedisCommands, taskTTL: Int = 86_400) {
        self.pool = pool
        self.taskTTL = taskTTL
    }

    /// Writes each task hash and pushes each job, all in one pipelined round trip.
    public func enqueue(_ jobs: [Job]) async throws {
        guard !jobs.isEmpty else { return }
        let now = String(format: "%.3f", Date().timeIntervalSince1970)
        var commands: [[[UInt8]]] = []
        commands.reserveCapacity(jobs.count * 3)
        for job in jobs {
            let key = QueueKeys.task(job.id)
            commands.append([
                "HSET", key, "id", job.id, "type", job.queue.rawValue, "priority", job.priority.rawValue,
                "status", TaskStatus.queued.rawValue, "attempts", "0", "created_at", now,
            ].map { Array($0.utf8) })
            commands.append(["EXPIRE", key, String(taskTTL)].map { Array($0.utf8) })
            commands.append([Array("LPUSH".utf8), Array(QueueKeys.queue(job.queue, job.priority).utf8), job.encoded()])
        }
        let replies = try await pool.pipeline(bytes: commands)
        for reply in replies { try reply.throwIfError() }
    }

    /// The task hash as a dictionary, or nil when unknown or expired.
    public func task(id: String) async throws -> [String: String]? {
        let reply = try await pool.command(["HGETALL", QueueKeys.task(id)]).throwIfError()
        guard let items = reply.array, !items.isEmpty else { return nil }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < items.count {
            if let key = items[index].string { fields[key] = items[index + 1].string ?? "" }
            index += 2
        }
        return fields
    }

    /// Length of every queue list, keyed by queue and priority.
    public func lengths(queues: [JobQueueName] = JobQueueName.allCases) async throws -> [(JobQueueName, JobPriority, Int)] {
        var keys: [(JobQueueName, JobPriority)] = []
        for queue in queues { for priority in JobPriority.allCases { keys.append((queue, priority)) } }
        let replies = try await pool.pipeline(keys.map { ["LLEN", QueueKeys.queue($0.0, $0.1)] })
        return zip(keys, replies).map { ($0.0.0, $0.0.1, $0.1.int ?? 0) }
    }
}
