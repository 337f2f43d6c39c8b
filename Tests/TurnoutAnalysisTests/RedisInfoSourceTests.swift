import Foundation
import Testing
import TurnoutManifest
import TurnoutStrategies

@testable import TurnoutAnalysis

/// RedisInfoSource against a real redis-server on a free loopback port: hit rate from INFO deltas, memory
/// share of maxmemory, queue lengths from LLEN, a restart, and an unreachable server.
@Suite(.serialized)
struct RedisInfoSourceTests {
    static func startRedis(port: Int) async throws -> TestProcess {
        let redis = try TestProcess(
            ["/usr/bin/redis-server", "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory", "64mb"],
            label: "redis")
        let client = RedisClient(endpoint: .init(host: "127.0.0.1", port: port))
        let up = await TestSupport.waitUntil {
            if case .success([.simple("PONG")]) = await client.run([["PING"]]) { return true }
            return false
        }
        if !up { await redis.stop() }
        try #require(up, "redis-server did not answer PING: \(redis.log)")
        return redis
    }

    @Test func hitRateMemoryAndQueues() async throws {
        let port = try TestSupport.freePort()
        let redis = try await Self.startRedis(port: port)
        try await TestSupport.stopping([redis]) {
        let client = RedisClient(endpoint: .init(host: "127.0.0.1", port: port))
        let source = RedisInfoSource(settings: .init(endpoint: .init(host: "127.0.0.1", port: port), queueKeys: RedisInfoSource.defaultQueueKeys(["email", "processing"])))
        let start = Date()
        let first = await source.sample(SampleRequest(window: .seconds(30), now: start))
        #expect(first.problems == ["no cache lookups in Redis over the last 30s"])  // a fresh server: nothing yet

        // 3 hits and 1 miss, then 4 jobs queued for email (3 high, 1 low).
        let replies = await client.run([["SET", "post:1", "x"], ["GET", "post:1"], ["GET", "post:1"], ["GET", "post:1"], ["GET", "post:2"],
                                        ["LPUSH", "turnout:queue:email:high", "a", "b", "c"], ["LPUSH", "turnout:queue:email:low", "d"]])
        #expect(try replies.get().count == 7)
        let second = await source.sample(SampleRequest(window: .seconds(30), now: start.addingTimeInterval(5)))
        #expect(second.problems.isEmpty, "\(second.problems)")
        let hit = try #require(second.readings(.cacheHitRate).first)
        #expect(hit.value == 0.75)
        #expect(hit.samples == 4)
        #expect(!hit.source.contains("since server start"))
        #expect(second.readings(.queueLength).map { "\($0.subject)=\(Int($0.value))" } == ["email=4", "processing=0"])
        let memory = try #require(second.readings(.redisMemory).first)
        #expect(memory.value > 0 && memory.value < 0.2)
        #expect(memory.source.contains("maxmemory"))

        // A window with only the source's own LLENs has no lookups: no hit rate rather than a made-up one.
        let third = await source.sample(SampleRequest(window: .seconds(1), now: start.addingTimeInterval(10)))
        #expect(third.readings(.cacheHitRate).isEmpty)
        #expect(third.problems == ["no cache lookups in Redis over the last 1s"])
        }
    }

    @Test func queueGrowthIsTheSlopeOfTheLengthsReadInsideTheWindow() async throws {
        let port = try TestSupport.freePort()
        let redis = try await Self.startRedis(port: port)
        try await TestSupport.stopping([redis]) {
        let client = RedisClient(endpoint: .init(host: "127.0.0.1", port: port))
        let source = RedisInfoSource(settings: .init(endpoint: .init(host: "127.0.0.1", port: port), queueKeys: RedisInfoSource.defaultQueueKeys(["email"])))
        let start = Date()
        // An old reading outside the 3 s window, then 10 more jobs a second: 0 (old), 10, 20, 30, 40.
        _ = await source.sample(SampleRequest(window: .seconds(3), now: start.addingTimeInterval(-10)))
        var last = MetricSample(timestamp: start)
        for second in 1...4 {
            _ = await client.run([["LPUSH", "turnout:queue:email:low"] + (0..<10).map { "job-\(second)-\($0)" }])
            last = await source.sample(SampleRequest(window: .seconds(3), now: start.addingTimeInterval(Double(second))))
            // Two readings inside the window are not a trend yet.
            if second < 3 { #expect(last.readings(.queueGrowth).isEmpty) }
        }
        let growth = try #require(last.readings(.queueGrowth).first)
        // The window's start is inclusive: the readings at 1, 2, 3 and 4 s.
        #expect(growth.subject == "email" && abs(growth.value - 10) < 1e-9 && growth.samples == 4, "\(growth)")
        #expect(growth.source == "redis LLEN, least squares over 4 readings in 3.0 s, rise 30", "\(growth.source)")
        }
    }

    @Test func restartedServerCountsSinceStart() async throws {
        let port = try TestSupport.freePort()
        let source = RedisInfoSource(settings: .init(endpoint: .init(host: "127.0.0.1", port: port)))
        let client = RedisClient(endpoint: .init(host: "127.0.0.1", port: port))
        let start = Date()
        let first = try await Self.startRedis(port: port)
        try await TestSupport.stopping([first]) {
            _ = await client.run([["SET", "k", "v"]] + Array(repeating: ["GET", "k"], count: 10))
            _ = await source.sample(SampleRequest(window: .seconds(30), now: start))
        }
        let second = try await Self.startRedis(port: port)
        try await TestSupport.stopping([second]) {
        _ = await client.run([["SET", "k", "v"], ["GET", "k"], ["GET", "nope"]])
        let sample = await source.sample(SampleRequest(window: .seconds(30), now: start.addingTimeInterval(5)))
        let hit = try #require(sample.readings(.cacheHitRate).first)
        #expect(hit.value == 0.5)
        #expect(hit.source.contains("since server start"))
        }
    }

    @Test func unreachableServerIsAProblemNotAReading() async throws {
        let port = try TestSupport.freePort()
        let source = RedisInfoSource(settings: .init(endpoint: .init(host: "127.0.0.1", port: port), queueKeys: ["email": ["q"]]))
        let sample = await source.sample(SampleRequest(window: .seconds(30)))
        #expect(sample.readings.isEmpty)
        #expect(sample.problems.count == 1)
        #expect(sample.problems.first?.hasPrefix("cannot read Redis (Redis at 127.0.0.1:\(port): connecting") == true, "\(sample.problems)")
    }
}
