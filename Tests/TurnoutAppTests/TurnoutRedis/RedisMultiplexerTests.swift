import Foundation
import Testing
import TurnoutRedis

extension Integration {
    /// The API's Redis client against real redis-server (db 10): many callers' commands pipelined over a few
    /// connections, each caller getting its own replies, groups kept together and in order, failures
    /// reaching only the batch in flight.
    @Suite struct RedisMultiplexerTests {
        static func multiplexer(connections: Int = 2, flush: Bool = true) async throws -> RedisMultiplexer {
            let port = try await TestServices.shared.redis()
            let redis = RedisMultiplexer(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, database: 10), connections: connections)
            if flush { try await redis.command(["FLUSHDB"]).throwIfError() }
            return redis
        }

        @Test func everyCallerGetsItsOwnReply() async throws {
            let redis = try await Self.multiplexer()
            try await redis.pipeline((0..<500).map { ["SET", "key:\($0)", "value:\($0)"] }).forEach { try $0.throwIfError() }
            // 2,000 concurrent reads over 2 connections: each answer is the value of the key its caller asked for.
            let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<2000 {
                    group.addTask { (index, try await redis.command(["GET", "key:\(index % 500)"]).string) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 2000)
            #expect(answers.allSatisfy { $0.value == "value:\($0.key % 500)" })
            // Most of them queued behind a batch in flight: they were pipelined, not sent one by one.
            #expect(redis.stats.waits > 0)
            #expect(redis.stats.open == 2)
            redis.close()
        }

        @Test func aPipelineStaysTogetherAndInOrder() async throws {
            let redis = try await Self.multiplexer(connections: 1)
            // Concurrent callers each run MULTI/INCR/INCR/EXEC: interleaved with another caller's commands, the
            // transaction would fail or count wrong.
            let results = try await withThrowingTaskGroup(of: [RedisReply].self) { group in
                for caller in 0..<200 {
                    group.addTask {
                        try await redis.pipeline([["MULTI"], ["INCR", "c:\(caller)"], ["INCR", "c:\(caller)"], ["EXEC"]])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for replies in results {
                #expect(replies.count == 4)
                #expect(replies.last == .array([.integer(1), .integer(2)]))
            }
            redis.close()
        }

        @Test func binaryArgumentsAndErrorRepliesPassThrough() async throws {
            let redis = try await Self.multiplexer()
            let binary: [UInt8] = [0, 1, 2, 255, 13, 10, 37, 115]
            #expect(try await redis.command(bytes: [Array("SET".utf8), Array("bin".utf8), binary]) == .status("OK"))
            #expect(try await redis.command(["GET", "bin"]).bytes == binary)
            if case .error(let message) = try await redis.command(["NOSUCHCOMMAND"]) {
                #expect(message.contains("unknown command"))
            } else {
                Issue.record("expected an error reply")
            }
            // An error reply is one caller's answer, not the connection's: the next command works.
            #expect(try await redis.command(["PING"]) == .status("PONG"))
            await #expect(throws: RedisError.self) { try await redis.command([String]()) }
            redis.close()
        }

        @Test func aDroppedConnectionFailsOnlyTheBatchInFlightAndIsRemade() async throws {
            let redis = try await Self.multiplexer(connections: 1)
            try await redis.command(["CLIENT", "SETNAME", "muxvictim"]).throwIfError()
            try await dropRedisConnections(db: 10)
            _ = try? await redis.command(["PING"])
            #expect(try await redis.command(["PING"]) == .status("PONG"))
            redis.close()
        }

        @Test func closedMultiplexerRefusesAndUnreachableServerIsReported() async throws {
            let redis = try await Self.multiplexer()
            redis.close()
            await #expect(throws: RedisError.self) { try await redis.command(["PING"]) }
            let nowhere = RedisMultiplexer(endpoint: RedisEndpoint(host: "127.0.0.1", port: TestPorts.free(), connectTimeout: 1), connections: 1)
            await #expect(throws: RedisError.self) { try await nowhere.command(["PING"]) }
            nowhere.close()
        }
    }
}
