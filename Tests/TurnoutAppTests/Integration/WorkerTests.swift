import Foundation
import Testing
import TurnoutAppCore
import TurnoutRedis

/// Starts `turnout-worker` processes against the shared redis-server.
enum WorkerLauncher {
    static func start(redisDB: Int, _ extra: [String], environment: [String: String] = [:]) async throws -> (AppProcess, HTTPTestClient) {
        let redisPort = try await TestServices.shared.redis()
        let metricsPort = TestPorts.free()
        let worker = try AppProcess("turnout-worker", [
            "--redis-url", "redis://127.0.0.1:\(redisPort)/\(redisDB)", "--metrics-port", String(metricsPort),
            "--version-label", "test-1.2.3", "--log-level", "warning",
        ] + extra, environment: environment)
        return (worker, HTTPTestClient(port: metricsPort))
    }
}

extension Integration {
    /// Worker behaviour (Redis db 2, flushed by every test).
    @Suite struct WorkerTests {
        static let db = 2

        func count(_ redis: RedisPool, _ key: String) async throws -> Int {
            try await redis.command(["GET", key]).int ?? 0
        }

        func jobs(_ count: Int, _ queue: JobQueueName, _ priority: JobPriority = .low,
                  payload: JSONValue = .object([:])) -> [Job] {
            (0..<count).map { _ in Job(queue: queue, priority: priority, payload: payload) }
        }

        @Test func taskLifecycleThroughTheAPI() async throws {
            _ = try await testRedisPool(db: Self.db)
            let (api, client) = try await APILauncher.start(redisDB: Self.db)
            let (worker, metrics) = try await WorkerLauncher.start(redisDB: Self.db, ["--concurrency", "2"])
            let accepted = try await client.post("/api/v1/tasks", json: ["type": "processing", "payload": ["rounds": 500]])
            let id = try #require(accepted.json["task_id"] as? String)
            try await waitUntil(timeout: 60, what: "task \(id) completed\n\(worker.log)") {
                try await client.get("/api/v1/tasks/\(id)").json["status"] as? String == "completed"
            }
            let state = try await client.get("/api/v1/tasks/\(id)").json
            #expect((state["result"] as? String ?? "").contains("fnv1a64="))
            #expect(state["attempts"] as? Int == 1)
            #expect(state["finished_at"] != nil)
            let email = try await client.post("/api/v1/tasks", json: ["type": "email", "payload": ["to": "x@y.z"]])
            let emailID = try #require(email.json["task_id"] as? String)
            try await waitUntil(timeout: 60, what: "email task completed") {
                try await client.get("/api/v1/tasks/\(emailID)").json["result"] as? String == "sent to x@y.z"
            }
            #expect(try await metrics.get("/health").status == 200)
            let text = try await metrics.get("/metrics").text
            #expect(text.contains("worker_jobs_processed_total{queue=\"processing\"} 1"))
            #expect(text.contains("worker_jobs_processed_total{queue=\"email\"} 1"))
            #expect(text.contains("worker_queue_length{queue=\"email\",priority=\"high\"} 0"))
            #expect(text.contains("worker_job_duration_seconds_count{queue=\"email\"} 1"))
            #expect(text.contains("turnout_build_info{version=\"test-1.2.3\",component=\"worker\"} 1"))
            await worker.stop()
            #expect(await worker.waitForExit(timeout: 1) == 0)
            await api.stop()
        }

        @Test func highPriorityBeforeLow() async throws {
            let redis = try await testRedisPool(db: Self.db)
            let queue = TaskQueue(pool: redis)
            let low = jobs(5, .email, .low)
            let high = jobs(5, .email, .high)
            try await queue.enqueue(low)
            try await queue.enqueue(high)
            let (worker, _) = try await WorkerLauncher.start(redisDB: Self.db, [
                "--queues", "email", "--concurrency", "1", "--email-duration-min", "5ms", "--email-duration-max", "5ms",
            ])
            try await waitUntil(timeout: 60, what: "10 completions") {
                try await count(redis, "turnout:completed:email") == 10
            }
            func finished(_ job: Job) async throws -> Double {
                Double(try await queue.task(id: job.id)?["finished_at"] ?? "") ?? .infinity
            }
            var lastHigh = 0.0
            for job in high { lastHigh = max(lastHigh, try await finished(job)) }
            var firstLow = Double.infinity
            for job in low { firstLow = min(firstLow, try await finished(job)) }
            #expect(lastHigh < firstLow, "every high job finished before any low job")
            await worker.stop()
            await redis.close()
        }

        @Test func sigkilledWorkerLosesNoJobs() async throws {
            let redis = try await testRedisPool(db: Self.db)
            let total = 60
            try await TaskQueue(pool: redis).enqueue(jobs(total, .email))
            let slow = ["--queues", "email", "--concurrency", "4", "--email-duration-min", "100ms",
                        "--email-duration-max", "200ms", "--heartbeat-ttl", "1s", "--reap-interval", "300ms"]
            let (first, _) = try await WorkerLauncher.start(redisDB: Self.db, slow)
            try await waitUntil(timeout: 60, what: "some completions") {
                try await count(redis, "turnout:completed:email") >= 8
            }
            first.signal(SIGKILL)
            _ = await first.waitForExit(timeout: 10)
            let inHand = try await redis.command(["KEYS", "turnout:inprogress:*"]).array?.count ?? 0
            #expect(inHand == 1, "the killed worker left jobs in its in-progress list")
            let (second, _) = try await WorkerLauncher.start(redisDB: Self.db, slow)
            try await waitUntil(timeout: 120, what: "all \(total) jobs completed\n\(second.log)") {
                try await count(redis, "turnout:completed:email") >= total
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await count(redis, "turnout:completed:email") == total)
            #expect(try await redis.command(["SCARD", "turnout:completed-ids:email"]).int == total)
            #expect(try await count(redis, "turnout:completed:email:duplicates") == 0)
            #expect(try await redis.command(["LLEN", "turnout:queue:email:low"]).int == 0)
            #expect(try await redis.command(["KEYS", "turnout:inprogress:*"]).array?.isEmpty ?? true)
            await second.stop()
            await redis.close()
        }

        @Test func retriesThenDeadLetters() async throws {
            let redis = try await testRedisPool(db: Self.db)
            let job = Job(queue: .email, priority: .low, payload: .object([:]), maxAttempts: 3)
            try await TaskQueue(pool: redis).enqueue([job])
            let (worker, metrics) = try await WorkerLauncher.start(redisDB: Self.db, [
                "--queues", "email", "--fault-job-failure-rate", "1", "--retry-base-delay", "100ms",
            ])
            try await waitUntil(timeout: 60, what: "dead-lettered") {
                try await TaskQueue(pool: redis).task(id: job.id)?["status"] == "dead"
            }
            let state = try #require(try await TaskQueue(pool: redis).task(id: job.id))
            #expect(state["attempts"] == "3")
            #expect((state["error"] ?? "").contains("fault injected"))
            #expect(try await redis.command(["LLEN", "turnout:dead:email"]).int == 1)
            let text = try await metrics.get("/metrics").text
            #expect(text.contains("worker_jobs_failed_total{queue=\"email\"} 3"))
            #expect(text.contains("worker_jobs_retried_total{queue=\"email\"} 2"))
            #expect(text.contains("worker_jobs_dead_lettered_total{queue=\"email\"} 1"))
            await worker.stop()
            await redis.close()
        }

        @Test func sigtermFinishesJobsInHandAndLeavesTheRestQueued() async throws {
            let redis = try await testRedisPool(db: Self.db)
            try await TaskQueue(pool: redis).enqueue(jobs(10, .email))
            let (worker, _) = try await WorkerLauncher.start(redisDB: Self.db, [
                "--queues", "email", "--concurrency", "2", "--email-duration-min", "800ms",
                "--email-duration-max", "800ms", "--stop-timeout", "20s",
            ])
            try await waitUntil(timeout: 60, what: "jobs in hand") {
                try await redis.command(["LLEN", "turnout:queue:email:low"]).int == 8
            }
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: 30) == 0)
            let completed = try await count(redis, "turnout:completed:email")
            let queued = try await redis.command(["LLEN", "turnout:queue:email:low"]).int ?? -1
            #expect(completed >= 2)
            #expect(completed + queued == 10, "every job is either completed or still queued")
            #expect(try await redis.command(["KEYS", "turnout:inprogress:*"]).array?.isEmpty ?? true)
            #expect(try await redis.command(["SCARD", "turnout:workers"]).int == 0)
            await redis.close()
        }

        @Test func stopTimeoutRequeuesUnfinishedJobs() async throws {
            let redis = try await testRedisPool(db: Self.db)
            try await TaskQueue(pool: redis).enqueue(jobs(2, .email))
            let (worker, _) = try await WorkerLauncher.start(redisDB: Self.db, [
                "--queues", "email", "--concurrency", "2", "--email-duration-min", "30s",
                "--email-duration-max", "30s", "--stop-timeout", "300ms",
            ])
            try await waitUntil(timeout: 60, what: "jobs in hand") {
                try await redis.command(["LLEN", "turnout:queue:email:low"]).int == 0
            }
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: 20) == 0)
            #expect(try await redis.command(["LLEN", "turnout:queue:email:low"]).int == 2)
            #expect(try await count(redis, "turnout:completed:email") == 0)
            await redis.close()
        }

        @Test func delayFactorAndCrashFaults() async throws {
            let redis = try await testRedisPool(db: Self.db)
            let job = Job(queue: .email, priority: .high, payload: .object([:]))
            try await TaskQueue(pool: redis).enqueue([job])
            let (worker, _) = try await WorkerLauncher.start(redisDB: Self.db, [
                "--queues", "email", "--email-duration-min", "20ms", "--email-duration-max", "20ms",
            ], environment: ["TURNOUT_FAULT_JOB_DELAY_FACTOR": "10", "TURNOUT_FAULT_CRASH_AFTER": "3s"])
            try await waitUntil(timeout: 60, what: "completed") {
                try await TaskQueue(pool: redis).task(id: job.id)?["status"] == "completed"
            }
            let state = try #require(try await TaskQueue(pool: redis).task(id: job.id))
            let took = (Double(state["finished_at"] ?? "") ?? 0) - (Double(state["started_at"] ?? "") ?? 0)
            #expect(took >= 0.19, "20 ms job took \(took)s with a 10x delay factor")
            let status = await worker.waitForExit(timeout: 30)
            #expect(status != nil && status != 0, "crash-after exits non-zero")
            await redis.close()
        }
    }
}
