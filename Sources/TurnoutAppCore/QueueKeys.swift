/// Redis key names shared by the API, the worker and the tests.
public enum QueueKeys {
    /// Prefix of every key.
    public static let prefix = "turnout"

    /// The list holding queued jobs of one queue and priority, e.g. `turnout:queue:email:high`.
    /// Producers LPUSH; workers take from the right (the head).
    public static func queue(_ queue: JobQueueName, _ priority: JobPriority) -> String {
        "\(prefix):queue:\(queue.rawValue):\(priority.rawValue)"
    }

    /// The list of jobs a worker has in hand.
    public static func inProgress(worker: String) -> String { "\(prefix):inprogress:\(worker)" }

    /// The heartbeat key of a worker (expires when the worker stops refreshing it).
    public static func heartbeat(worker: String) -> String { "\(prefix):worker:\(worker):heartbeat" }

    /// The set of registered worker ids.
    public static let workers = "\(prefix):workers"

    /// ZSET of jobs waiting for a retry, scored by due time (Unix ms).
    public static let delayed = "\(prefix):delayed"

    /// Dead-letter list of one queue.
    public static func dead(_ queue: JobQueueName) -> String { "\(prefix):dead:\(queue.rawValue)" }

    /// Hash holding the state of one task.
    public static func task(_ id: String) -> String { "\(prefix):task:\(id)" }

    /// Counter of completed jobs in one queue.
    public static func completedCount(_ queue: JobQueueName) -> String { "\(prefix):completed:\(queue.rawValue)" }

    /// Set of ids of completed jobs in one queue (exactly-once accounting).
    public static func completedIDs(_ queue: JobQueueName) -> String { "\(prefix):completed-ids:\(queue.rawValue)" }

    /// Counter of completions recorded for an id that was already completed (should stay 0).
    public static func duplicateCount(_ queue: JobQueueName) -> String { "\(prefix):completed:\(queue.rawValue):duplicates" }
}
