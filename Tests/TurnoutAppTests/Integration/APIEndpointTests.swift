import Foundation
import Testing

extension Integration {
    /// Endpoint behaviour of one shared `turnout-api` process (Redis db 1).
    @Suite struct APIEndpointTests {
        static let db = 1

        @Test func healthReadyAndVersionHeader() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db)
            defer { Task { await app.stop() } }
            let health = try await client.get("/api/v1/health")
            #expect(health.status == 200)
            #expect(health.header("X-Turnout-Version") == "test-1.2.3")
            try await waitUntil(timeout: 30, what: "ready") { try await client.get("/api/v1/ready").status == 200 }
            let ready = try await client.get("/api/v1/ready")
            #expect(ready.json["ready"] as? Bool == true)
            #expect(ready.header("X-Turnout-Version") == "test-1.2.3")
            await app.stop()
        }

        @Test func postsAreCachedAndInvalidatedByCreate() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db)
            _ = try await testRedisPool(db: Self.db)  // flush the cache db
            let first = try await client.get("/api/v1/posts?page=1&per_page=5")
            #expect(first.status == 200)
            #expect(first.header("X-Cache") == "miss")
            let posts = first.json["posts"] as? [[String: Any]] ?? []
            #expect(posts.count == 5)
            #expect(first.json["per_page"] as? Int == 5)
            #expect((first.json["total"] as? Int ?? 0) >= 50)
            let second = try await client.get("/api/v1/posts?page=1&per_page=5")
            #expect(second.header("X-Cache") == "hit")
            #expect(second.body == first.body, "cached bytes are served verbatim")

            let id = posts[0]["id"] as? Int ?? 0
            #expect(try await client.get("/api/v1/posts/\(id)").header("X-Cache") == "miss")
            let cachedOne = try await client.get("/api/v1/posts/\(id)")
            #expect(cachedOne.header("X-Cache") == "hit")
            #expect(cachedOne.json["id"] as? Int == id)

            let created = try await client.post("/api/v1/posts", json: ["title": "Fresh", "body": "New body", "author": "tester"])
            #expect(created.status == 201)
            let newID = created.json["id"] as? Int ?? -1
            #expect(newID > id)
            let after = try await client.get("/api/v1/posts?page=1&per_page=5")
            #expect(after.header("X-Cache") == "miss", "list pages are invalidated by the generation bump")
            #expect((after.json["posts"] as? [[String: Any]])?.first?["id"] as? Int == newID)
            #expect(try await client.get("/api/v1/posts?page=1&per_page=5").header("X-Cache") == "hit")

            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains("cache_hits_total 3"))
            #expect(metrics.contains("cache_misses_total 3"))
            let redis = try await testRedisPool(db: Self.db, flush: false, size: 1)
            let info = try await redis.command(["INFO", "stats"]).string ?? ""
            #expect(info.contains("keyspace_hits:"))
            await redis.close()
            await app.stop()
        }

        @Test func badInputGetsPreciseErrors() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db, extra: ["--body-limit", "2048"])
            func expectError(_ response: HTTPTestResponse, _ status: Int, _ code: String, mentions: String? = nil,
                             sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
                let error = response.json["error"] as? [String: Any]
                #expect(error?["code"] as? String == code, "\(response.text)", sourceLocation: sourceLocation)
                if let mentions {
                    #expect((error?["message"] as? String ?? "").contains(mentions), "\(response.text)", sourceLocation: sourceLocation)
                }
                #expect(response.header("X-Turnout-Version") == "test-1.2.3", sourceLocation: sourceLocation)
            }
            let malformed = try await client.request("POST", "/api/v1/posts", body: Array("{not json".utf8))
            expectError(malformed, 400, "invalid_json")
            expectError(try await client.request("POST", "/api/v1/posts", body: []), 400, "invalid_json")
            expectError(try await client.request("POST", "/api/v1/posts", body: Array("[1,2]".utf8)), 400, "invalid_json")
            expectError(try await client.post("/api/v1/posts", json: ["body": "b", "author": "a"]), 400, "invalid_field", mentions: "'title'")
            expectError(try await client.post("/api/v1/posts", json: ["title": 5, "body": "b", "author": "a"]), 400, "invalid_field", mentions: "'title'")
            expectError(try await client.post("/api/v1/posts", json: ["title": "t", "body": "b", "author": "   "]), 400, "invalid_field", mentions: "'author'")
            expectError(try await client.get("/api/v1/posts?per_page=0"), 400, "invalid_field", mentions: "'per_page'")
            expectError(try await client.get("/api/v1/posts?page=abc"), 400, "invalid_field", mentions: "'page'")
            expectError(try await client.get("/api/v1/posts/abc"), 400, "invalid_field", mentions: "'id'")
            expectError(try await client.get("/api/v1/posts/999999999"), 404, "not_found")
            expectError(try await client.get("/api/v1/nope"), 404, "not_found")
            expectError(try await client.get("/"), 404, "not_found")
            let deleted = try await client.request("DELETE", "/api/v1/posts")
            expectError(deleted, 405, "method_not_allowed")
            #expect(deleted.header("Allow") == "GET, POST")
            expectError(try await client.request("PUT", "/api/v1/tasks/batch"), 405, "method_not_allowed")
            expectError(try await client.request("POST", "/api/v1/health"), 405, "method_not_allowed")
            let big = Array(repeating: UInt8(ascii: "a"), count: 4096)
            expectError(try await client.request("POST", "/api/v1/posts", body: big), 413, "payload_too_large")
            expectError(try await client.request("POST", "/api/v1/tasks", body: big), 413, "payload_too_large")
            expectError(try await client.post("/api/v1/tasks", json: ["type": "sms"]), 400, "invalid_field", mentions: "'type'")
            expectError(try await client.post("/api/v1/tasks", json: ["type": "email", "priority": "urgent"]), 400, "invalid_field", mentions: "'priority'")
            expectError(try await client.post("/api/v1/tasks", json: ["type": "email", "payload": [1]]), 400, "invalid_field", mentions: "'payload'")
            expectError(try await client.post("/api/v1/tasks/batch", json: ["tasks": []]), 400, "invalid_field", mentions: "'tasks'")
            expectError(try await client.post("/api/v1/tasks/batch", json: ["tasks": [["type": "email"], ["type": "x"]]]),
                        400, "invalid_field", mentions: "'tasks[1].type'")
            expectError(try await client.get("/api/v1/tasks/not-a-uuid"), 400, "invalid_field", mentions: "'id'")
            expectError(try await client.get("/api/v1/tasks/\(UUID().uuidString)"), 404, "not_found")
            // The process survived all of it and never answered 500.
            #expect(try await client.get("/api/v1/health").status == 200)
            #expect(!(try await client.get("/metrics").text.contains("status=\"5xx\"")))
            await app.stop()
        }

        @Test func tasksAreEnqueuedWithState() async throws {
            let (app, client) = try await APILauncher.start(redisDB: Self.db)
            let redis = try await testRedisPool(db: Self.db)
            let accepted = try await client.post("/api/v1/tasks", json: ["type": "email", "priority": "high", "payload": ["to": "a@b.c"]])
            #expect(accepted.status == 202)
            #expect(accepted.json["status"] as? String == "processing")
            let id = try #require(accepted.json["task_id"] as? String)
            let state = try await client.get("/api/v1/tasks/\(id)")
            #expect(state.status == 200)
            #expect(state.json["status"] as? String == "queued")
            #expect(state.json["type"] as? String == "email")
            #expect(state.json["priority"] as? String == "high")
            #expect(state.json["attempts"] as? Int == 0)
            #expect(try await redis.command(["LLEN", "turnout:queue:email:high"]).int == 1)
            #expect(try await redis.command(["TTL", "turnout:task:\(id)"]).int ?? 0 > 0)

            let batch = try await client.post("/api/v1/tasks/batch", json: ["tasks": (0..<25).map { i in
                ["type": i % 2 == 0 ? "email" : "processing", "payload": ["i": i]] as [String: Any]
            }])
            #expect(batch.status == 202)
            #expect(batch.json["count"] as? Int == 25)
            #expect((batch.json["tasks"] as? [[String: Any]])?.count == 25)
            #expect(try await redis.command(["LLEN", "turnout:queue:email:low"]).int == 13)
            #expect(try await redis.command(["LLEN", "turnout:queue:processing:low"]).int == 12)

            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains("http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/tasks\",status=\"2xx\",le=\"0.005\"}"))
            #expect(metrics.contains("route=\"/api/v1/tasks/{id}\""))
            #expect(metrics.contains("turnout_build_info{version=\"test-1.2.3\",component=\"api\"} 1"))
            #expect(metrics.contains("http_requests_in_flight 1"))
            #expect(metrics.contains("redis_pool_waits_total"))
            #expect(metrics.contains("postgres_pool_waits_total"))
            await redis.close()
            await app.stop()
        }
    }
}
