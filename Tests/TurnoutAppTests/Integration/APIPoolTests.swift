import Foundation
import Testing

extension Integration {
    /// Bounded pools answer 503 (never 500) once their wait bound passes (Redis db 3).
    @Suite struct APIPoolTests {
        @Test func exhaustedPostgresPoolAnswers503() async throws {
            let pgPort = try await TestServices.shared.postgres()
            let (app, client) = try await APILauncher.start(redisDB: 3, extra: [
                "--postgres-pool-size", "1", "--pool-wait-timeout", "100ms", "--query-timeout", "1s", "--fault-disable-cache",
            ])
            let psql = ["-u", "postgres", "--", "/usr/bin/psql", "-h", "127.0.0.1", "-p", String(pgPort), "-U", "postgres",
                        "-d", "turnout", "-Atc"]
            // Hold a lock on posts for a few seconds so queries hang on the only connection.
            let lockLog = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).log").path
            let locker = try Spawn.start("/usr/sbin/runuser", psql + [
                "BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT;",
            ], logPath: lockLog)
            ChildProcesses.track(locker)
            try await waitUntil(timeout: 30, what: "table lock") {
                let out = try runProgram("/usr/sbin/runuser", psql + [
                    "SELECT count(*) FROM pg_locks WHERE relation = 'posts'::regclass AND mode = 'AccessExclusiveLock' AND granted",
                ])
                return out.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
            }
            let requests = (1...5).map { id in Task { try await client.get("/api/v1/posts/\(id)") } }
            var codes: [String] = []
            for request in requests {
                let response = try await request.value
                #expect(response.status == 503, "\(response.text)")
                #expect(response.header("Retry-After") == "1")
                codes.append((response.json["error"] as? [String: Any])?["code"] as? String ?? "")
            }
            #expect(codes.allSatisfy { $0 == "pool_exhausted" || $0 == "timeout" }, "\(codes)")
            #expect(codes.contains("pool_exhausted"), "\(codes)")
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains("postgres_pool_waits_total"))
            #expect(!metrics.contains("postgres_pool_timeouts_total 0\n"))
            // Once the lock is gone the API recovers by itself.
            try await waitUntil(timeout: 60, what: "recovery") { try await client.get("/api/v1/posts/1").status == 200 }
            await app.stop()
        }
    }
}
