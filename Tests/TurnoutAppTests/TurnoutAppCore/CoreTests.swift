import Foundation
import Testing
@testable import TurnoutAppCore

@Suite struct DurationParserTests {
    @Test func parsesUnits() throws {
        #expect(try DurationParser.seconds("300ms") == 0.3)
        #expect(try DurationParser.seconds("10s") == 10)
        #expect(try DurationParser.seconds("1.5m") == 90)
        #expect(try DurationParser.seconds("2") == 2)
        #expect(try DurationParser.seconds("1h") == 3600)
    }

    @Test(arguments: ["", "abc", "-1s", "10x", "ms"])
    func rejectsGarbage(_ text: String) {
        #expect(throws: DurationParser.InvalidDuration.self) { try DurationParser.seconds(text) }
    }
}

@Suite struct MetricsTests {
    @Test func histogramRendersCumulativeBuckets() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("req_seconds", help: "h", labels: ["route"], buckets: [0.1, 0.5])
        histogram.observe(0.05, labels: ["/a"])
        histogram.observe(0.3, labels: ["/a"])
        histogram.observe(9, labels: ["/a"])
        let text = registry.render()
        #expect(text.contains("# TYPE req_seconds histogram"))
        #expect(text.contains("req_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"))
        #expect(text.contains("req_seconds_bucket{route=\"/a\",le=\"0.5\"} 2\n"))
        #expect(text.contains("req_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("req_seconds_count{route=\"/a\"} 3\n"))
        #expect(text.contains("req_seconds_sum{route=\"/a\"} 9.35\n"))
    }

    @Test func countersAndGaugesEscapeLabels() {
        let registry = MetricsRegistry()
        registry.counter("hits_total", help: "c", labels: ["k"]).inc(2, labels: ["a\"b\\c\nd"])
        let gauge = registry.gauge("in_flight", help: "g")
        gauge.add(3); gauge.add(-1)
        let text = registry.render()
        #expect(text.contains("hits_total{k=\"a\\\"b\\\\c\\nd\"} 2\n"))
        #expect(text.contains("in_flight 2\n"))
        #expect(text.contains("# TYPE hits_total counter"))
    }
}

@Suite struct JobTests {
    @Test func roundTripsJSON() throws {
        let job = Job(queue: .processing, priority: .high, payload: .object(["n": .number(3), "s": .string("x")]))
        let decoded = try Job.decode(job.encoded())
        #expect(decoded == job)
        let text = String(decoding: job.encoded(), as: UTF8.self)
        #expect(text.contains("\"max_attempts\":3"))
        #expect(text.contains("\"queue\":\"processing\""))
    }

    @Test func keyNames() {
        #expect(QueueKeys.queue(.email, .high) == "turnout:queue:email:high")
        #expect(QueueKeys.queue(.processing, .low) == "turnout:queue:processing:low")
        #expect(QueueKeys.completedCount(.email) == "turnout:completed:email")
    }

    @Test func environmentReader() throws {
        let env = ConfigEnvironment(["A": "5", "B": "250ms", "C": "yes", "D": "zz"])
        #expect(try env.int("A") == 5)
        #expect(try env.seconds("B") == 0.25)
        #expect(try env.bool("C") == true)
        #expect(throws: ConfigEnvironment.InvalidValue.self) { try env.int("D") }
        #expect(try env.int("MISSING") == nil)
    }

    @Test func limiterTimesOutWaiters() async throws {
        let limiter = AsyncLimiter(permits: 1, waitTimeout: .milliseconds(100))
        try await limiter.acquire()
        await #expect(throws: LimitError.self) { try await limiter.acquire() }
        await limiter.release()
        try await limiter.acquire()
        let stats = await limiter.stats
        #expect(stats.waits == 1 && stats.timeouts == 1 && stats.inUse == 1)
    }
}

@Suite struct SingleFlightTests {
    /// Counts the operation's runs; each run waits until released so that callers overlap for sure.
    actor Source {
        var runs = 0
        private var gate: CheckedContinuation<Void, Never>?
        private var arrived: CheckedContinuation<Void, Never>?
        func load(_ value: Int) async -> Int {
            runs += 1
            arrived?.resume()
            arrived = nil
            await withCheckedContinuation { gate = $0 }
            return value
        }
        func waitUntilRunning() async {
            if runs > 0 { return }
            await withCheckedContinuation { arrived = $0 }
        }
        func release() { gate?.resume(); gate = nil }
    }

    @Test func concurrentCallersForOneKeyShareOneRun() async throws {
        let group = SingleFlight<Int>()
        let source = Source()
        let first = Task { try await group.run("post:1") { await source.load(7) } }
        await source.waitUntilRunning()
        let others = (0..<50).map { _ in Task { try await group.run("post:1") { await source.load(99) } } }
        while await group.sharedCount < 50 { await Task.yield() }
        await source.release()
        #expect(try await first.value == (7, false))
        for other in others { #expect(try await other.value == (7, true)) }
        #expect(await source.runs == 1)
        #expect(await group.inFlight == 0)
    }

    @Test func differentKeysRunSeparatelyAndAFinishedFlightIsNotReused() async throws {
        let group = SingleFlight<Int>()
        #expect(try await group.run("a") { 1 } == (1, false))
        #expect(try await group.run("b") { 2 } == (2, false))
        #expect(try await group.run("a") { 3 } == (3, false))
        #expect(await group.sharedCount == 0)
    }

    @Test func anErrorReachesTheCallerAndTheNextCallRunsAgain() async throws {
        struct Boom: Error {}
        let group = SingleFlight<Int>()
        await #expect(throws: Boom.self) { try await group.run("k") { throw Boom() } }
        #expect(try await group.run("k") { 5 } == (5, false))
    }
}

@Suite struct MallocArenasTests {
    @Test func capsArenasAtTwoByDefault() {
        #expect(MallocArenas.apply([:]) == 2)
        #expect(MallocArenas.apply(["TURNOUT_MALLOC_ARENAS": "4"]) == 4)
    }

    @Test func leavesGlibcAloneWhenToldOrWhenMallocArenaMaxIsSet() {
        #expect(MallocArenas.apply(["TURNOUT_MALLOC_ARENAS": "0"]) == nil)
        #expect(MallocArenas.apply(["MALLOC_ARENA_MAX": "8"]) == nil)
    }
}
