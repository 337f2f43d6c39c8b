import Foundation
import Testing
import TurnoutRedis

@Suite struct RedisEndpointTests {
    @Test func parsesURLs() throws {
        let full = try RedisEndpoint(url: "redis://:secret@10.0.0.1:6380/2")
        #expect(full.host == "10.0.0.1" && full.port == 6380 && full.password == "secret" && full.database == 2)
        let plain = try RedisEndpoint(url: "redis://localhost")
        #expect(plain.host == "127.0.0.1" && plain.port == 6379 && plain.password == nil && plain.database == 0)
        #expect(throws: RedisError.self) { try RedisEndpoint(url: "http://x") }
        #expect(throws: RedisError.self) { try RedisEndpoint(url: "redis://h:99999") }
    }
}

extension Integration {
    @Suite struct RedisClientTests {
        @Test func repliesAreParsed() async throws {
            let pool = try await testRedisPool(db: 9)
            #expect(try await pool.command(["PING"]) == .status("PONG"))
            #expect(try await pool.command(["SET", "k", "v"]) == .status("OK"))
            #expect(try await pool.command(["GET", "k"]) == .bulk(Array("v".utf8)))
            #expect(try await pool.command(["GET", "missing"]) == .null)
            #expect(try await pool.command(["INCRBY", "n", "41"]) == .integer(41))
            #expect(try await pool.command(["RPUSH", "l", "a", "b"]).int == 2)
            #expect(try await pool.command(["LRANGE", "l", "0", "-1"]) == .array([.bulk([97]), .bulk([98])]))
            if case .error(let message) = try await pool.command(["NOSUCHCOMMAND"]) {
                #expect(message.contains("unknown command"))
            } else {
                Issue.record("expected an error reply")
            }
            await pool.close()
        }

        @Test func binarySafeArgumentsAndPipeline() async throws {
            let pool = try await testRedisPool(db: 9)
            let binary: [UInt8] = [0, 1, 2, 255, 13, 10, 37, 115]  // NUL, CRLF and "%s" survive
            #expect(try await pool.command(bytes: [Array("SET".utf8), Array("bin".utf8), binary]) == .status("OK"))
            #expect(try await pool.command(["GET", "bin"]).bytes == binary)
            let replies = try await pool.pipeline((0..<100).map { _ in ["INCR", "p"] })
            #expect(replies.count == 100)
            #expect(replies.last == .integer(100))
            await pool.close()
        }

        @Test func exhaustedPoolWaitsThenTimesOut() async throws {
            let port = try await TestServices.shared.redis()
            let pool = RedisPool(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, database: 9),
                                 maxConnections: 1, waitTimeout: .seconds(5))
            // One holder blocks the only connection for ~300 ms; the second caller waits, then succeeds.
            async let holder = pool.withConnection { try $0.command(["BLPOP", "never", "0.3"]) }
            try await Task.sleep(for: .milliseconds(50))
            let pong = try await pool.command(["PING"])
            #expect(pong == .status("PONG"))
            _ = try await holder
            let stats = await pool.stats
            #expect(stats.waits >= 1)
            #expect(stats.open == 1)

            let tight = RedisPool(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, database: 9),
                                  maxConnections: 1, waitTimeout: .milliseconds(100))
            async let blocker = tight.withConnection { try $0.command(["BLPOP", "never", "1"]) }
            try await Task.sleep(for: .milliseconds(50))
            await #expect(throws: RedisError.self) { try await tight.command(["PING"]) }
            _ = try await blocker
            #expect(await tight.stats.timeouts == 1)
            await pool.close()
            await tight.close()
        }

        @Test func reconnectsAfterTheServerDropsTheConnection() async throws {
            let pool = try await testRedisPool(db: 9, size: 1)
            try await pool.command(["CLIENT", "SETNAME", "victim"]).throwIfError()
            try await dropRedisConnections(db: 9)
            // The first command on the dead socket fails; the next one reconnects.
            _ = try? await pool.command(["PING"])
            #expect(try await pool.command(["PING"]) == .status("PONG"))
            await pool.close()
        }

        @Test func connectFailureIsReported() async throws {
            let pool = RedisPool(endpoint: RedisEndpoint(host: "127.0.0.1", port: TestPorts.free(), connectTimeout: 1),
                                 maxConnections: 1)
            await #expect(throws: RedisError.self) { try await pool.command(["PING"]) }
            await pool.close()
        }
    }
}
