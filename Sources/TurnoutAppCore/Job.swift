import Foundation

/// Queues a job can be sent to.
public enum JobQueueName: String, Codable, Sendable, CaseIterable {
    case email
    case processing
}

/// Job priority; high-priority lists are always drained before low ones.
public enum JobPriority: String, Codable, Sendable, CaseIterable {
    case high
    case low
}

/// States recorded in a task's Redis hash.
public enum TaskStatus: String, Codable, Sendable {
    /// Waiting in a queue list.
    case queued
    /// Taken by a worker.
    case processing
    /// Done; `result` and `finished_at` are set.
    case completed
    /// The last attempt failed; a retry is scheduled (`retry_at`).
    case failed
    /// Failed `max_attempts` times; moved to the dead-letter list.
    case dead
}

/// A background job as stored (JSON) in the queue lists.
///
/// The exact JSON bytes taken from a queue identify the job in a worker's
/// in-progress list, so a job is never re-encoded while it is in hand.
public struct Job: Codable, Sendable, Equatable {
    /// Task id (UUID string); also the key of the task hash.
    public var id: String
    /// Queue the job belongs to.
    public var queue: JobQueueName
    /// Priority list the job is pushed to.
    public var priority: JobPriority
    /// Free-form payload given by the client.
    public var payload: JSONValue
    /// Failed attempts so far.
    public var attempt: Int
    /// Attempts allowed before dead-lettering.
    public var maxAttempts: Int
    /// Unix time (seconds) of the first enqueue.
    public var enqueuedAt: Double

    enum CodingKeys: String, CodingKey {
        case id, queue, priority, payload, attempt
        case maxAttempts = "max_attempts"
        case enqueuedAt = "enqueued_at"
    }

    /// Creates a new job with a fresh id.
    public init(queue: JobQueueName, priority: JobPriority, payload: JSONValue, maxAttempts: Int = 3,
                id: String = UUID().uuidString.lowercased(), enqueuedAt: Double = Date().timeIntervalSince1970) {
        self.id = id
        self.queue = queue
        self.priority = priority
        self.payload = payload
        self.attempt = 0
        self.maxAttempts = maxAttempts
        self.enqueuedAt = enqueuedAt
    }

    /// Encodes the job as compact JSON bytes (sorted keys, stable).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Decodes a job from JSON bytes.
    public static func decode(_ bytes: [UInt8]) throws -> Job {
        try JSONDecoder().decode(Job.self, from: Data(bytes))
    }
}
