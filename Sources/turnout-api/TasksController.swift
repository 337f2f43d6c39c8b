import Foundation
import Hummingbird
import TurnoutAppCore

/// `/api/v1/tasks`: enqueue background jobs and read their state.
struct TasksController: Sendable {
    let queue: TaskQueue
    let metrics: APIMetrics
    let body: RequestBody
    let maxAttempts: Int
    static let maxBatch = 1000

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/tasks") { request, _ in try await self.enqueue(request) }
        router.post("/api/v1/tasks/batch") { request, _ in try await self.enqueueBatch(request) }
        router.get("/api/v1/tasks/{id}") { request, context in try await self.show(context) }
    }

    /// Validates one task description; `prefix` names the field path in errors.
    func job(from object: [String: JSONValue], prefix: String = "") throws -> Job {
        guard case .string(let typeText)? = object["type"], let type = JobQueueName(rawValue: typeText) else {
            throw APIError.invalidField("\(prefix)type", "one of \"email\", \"processing\"")
        }
        var priority = JobPriority.low
        if let value = object["priority"], value != .null {
            guard case .string(let text) = value, let parsed = JobPriority(rawValue: text) else {
                throw APIError.invalidField("\(prefix)priority", "one of \"high\", \"low\"")
            }
            priority = parsed
        }
        var payload = JSONValue.object([:])
        if let value = object["payload"], value != .null {
            guard value.isObject else { throw APIError.invalidField("\(prefix)payload", "a JSON object") }
            payload = value
        }
        return Job(queue: type, priority: priority, payload: payload, maxAttempts: maxAttempts)
    }

    func enqueue(_ request: Request) async throws -> Response {
        let job = try job(from: try await body.jsonObject(request))
        try await queue.enqueue([job])
        metrics.tasksEnqueued.inc(labels: [job.queue.rawValue, job.priority.rawValue])
        return try Self.json(.accepted, ["task_id": job.id, "status": "processing"])
    }

    func enqueueBatch(_ request: Request) async throws -> Response {
        let object = try await body.jsonObject(request)
        guard case .array(let items)? = object["tasks"], !items.isEmpty, items.count <= Self.maxBatch else {
            throw APIError.invalidField("tasks", "an array of 1 to \(Self.maxBatch) task objects")
        }
        var jobs: [Job] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else { throw APIError.invalidField("tasks[\(index)]", "a task object") }
            jobs.append(try job(from: fields, prefix: "tasks[\(index)]."))
        }
        try await queue.enqueue(jobs)
        for job in jobs { metrics.tasksEnqueued.inc(labels: [job.queue.rawValue, job.priority.rawValue]) }
        let tasks = jobs.map { ["task_id": $0.id, "status": "processing"] }
        return try Self.json(.accepted, ["count": jobs.count, "tasks": tasks])
    }

    func show(_ context: BasicRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id"), UUID(uuidString: id) != nil else {
            throw APIError.invalidField("id", "a task id (UUID) in the path")
        }
        guard var fields = try await queue.task(id: id.lowercased()) else {
            throw APIError.notFound("task \(id) not found or expired")
        }
        var output: [String: Any] = [:]
        fields["task_id"] = fields.removeValue(forKey: "id") ?? id.lowercased()
        for (key, value) in fields {
            if key == "attempts", let number = Int(value) { output[key] = number } else { output[key] = value }
        }
        return try Self.json(.ok, output)
    }

    static func json(_ status: HTTPResponse.Status, _ object: Any) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
