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
            // Hold a lock on posts for a few seconds so queries hang on the only connection.
            try await PostgresTableLock.hold(port: pgPort, seconds: 4)
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
