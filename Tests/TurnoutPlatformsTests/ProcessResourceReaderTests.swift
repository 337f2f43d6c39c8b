import Foundation
import Glibc
import Testing
import TurnoutAnalysis
import TurnoutRuntime
import TurnoutStrategies

@testable import TurnoutPlatforms

/// The local platform's resource counters through the analysis's CPU source, on real child processes: a CPU
/// burner reads near one core, a sleeper near zero; and the stat parsing on awkward command names.
@Suite(.serialized)
struct ProcessResourceReaderTests {
    static let r2 = RevisionID("r2")
    static let runtime = LocalProcessRuntime()

    /// Runs python `code` as a child, gives `body` its handle, and kills it afterwards whatever happened.
    static func running<T>(_ code: String, _ body: (ProcessHandle) async throws -> T) async throws -> T {
        let directory = try TestSupport.makeTemporaryDirectory("cpu")
        defer { TestSupport.remove(directory) }
        let process = try await runtime.start(ProcessSpec(service: "api", revision: 2, ordinal: 1, argv: [TestSupport.python, "-c", code],
                                                          workingDirectory: directory, logPath: directory + "/cpu.log"))
        defer { TestSupport.forceKill(process) }
        return try await body(process)
    }

    /// CPU seconds `pid` has used, from its CPU-time clock (`clock_getcpuclockid`): a ground truth that
    /// shares nothing with the source's /proc parsing and clock ticks.
    static func cpuClock(_ pid: Int32) -> Double? {
        var clock = clockid_t()
        guard clock_getcpuclockid(pid, &clock) == 0 else { return nil }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return nil }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Samples `pid` once, waits until it has used `cpuSeconds` more CPU (at least 1 s) or `wall` passed,
    /// samples again. Returns the sample and the cores the CPU clock saw over the same interval.
    static func measure(pid: Int32, wall: Duration, cpuSeconds: Double) async throws -> (MetricSample, Double) {
        let source = ResourceUsageSource(reader: ProcessResourceReader())
        let target = InstanceTarget(revision: r2, id: "api-r2-1", handle: try Self.handle(pid))
        let startWall = Date()
        let startCPU = try #require(cpuClock(pid))
        _ = await source.sample(SampleRequest(window: .seconds(30), now: startWall, targets: [target]))
        let started = ContinuousClock.now
        _ = await TestSupport.waitUntil(timeout: wall) {
            guard let now = cpuClock(pid) else { return true }
            return now - startCPU >= cpuSeconds && ContinuousClock.now - started >= .seconds(1)
        }
        let endWall = Date()
        let endCPU = try #require(cpuClock(pid))
        let sample = await source.sample(SampleRequest(window: .seconds(30), now: endWall, targets: [target]))
        return (sample, (endCPU - startCPU) / endWall.timeIntervalSince(startWall))
    }

    @Test func burnerUsesAboutOneCore() async throws {
        try await Self.running("while True: pass") { burner in
            let (sample, truth) = try await Self.measure(pid: burner.pid, wall: .seconds(20), cpuSeconds: 1.5)
            let cpu = try #require(sample.reading(.cpu, revision: Self.r2))
            print("CPU burner measured at \(cpu.value) cores by /proc, \(truth) by its CPU-time clock")
            // A single-threaded burner uses at most one core: all of one when a core is free. These two cores
            // are shared with other builds (load averages of 20 were seen), so the check is agreement with the CPU clock.
            #expect(abs(cpu.value - truth) < 0.1)
            #expect(cpu.value > 0.01 && cpu.value < 1.1)
            #expect(cpu.source == "/proc stat" || cpu.source == "/proc stat (since start)")
            let rss = try #require(sample.reading(.memoryRSS, revision: Self.r2))
            #expect(rss.value > 1_000_000 && rss.value < 500_000_000)
        }
    }

    @Test func sleeperUsesAlmostNothing() async throws {
        try await Self.running("import time; time.sleep(120)") { sleeper in
            let (sample, _) = try await Self.measure(pid: sleeper.pid, wall: .seconds(1), cpuSeconds: 10)
            let cpu = try #require(sample.reading(.cpu, revision: Self.r2))
            #expect(cpu.value < 0.1)
        }
    }

    @Test func goneProcessIsAProblem() async throws {
        let short = try await Self.running("pass") { process in
            _ = await TestSupport.waitUntil { Self.runtime.status(process) != .running }
            return process
        }
        let gone = ProcessHandle(pid: short.pid, startTime: 1, logPath: "/dev/null").handle
        let sample = await ResourceUsageSource(reader: ProcessResourceReader()).sample(
            SampleRequest(window: .seconds(30), targets: [InstanceTarget(revision: Self.r2, id: "api-r2-1", handle: gone)]))
        #expect(sample.readings.isEmpty)
        #expect(sample.problems == ["cannot read /proc/\(short.pid) of api-r2-1: no such process"])
    }

    /// The process handle of a live `pid`, as the local platform records it.
    static func handle(_ pid: Int32) throws -> InstanceHandle {
        ProcessHandle(pid: pid, startTime: try #require(ProcessCPU.read(pid: pid)).startTicks, logPath: "/dev/null").handle
    }

    @Test("stat lines", arguments: [
        ("42 (python3) R 1 42 42 0 -1 4194304 100 0 0 0 150 25 0 0 20 0 1 0 9000 1000000 2500 18446744073709551615",
         ProcessCPU(cpuTicks: 175, startTicks: 9000, residentPages: 300)),
        ("42 (a) (b) c) S 1 42 42 0 -1 4194304 100 0 0 0 7 3 0 0 20 0 1 0 12 1000000 2500 18446744073709551615",
         ProcessCPU(cpuTicks: 10, startTicks: 12, residentPages: 300)),
    ])
    func statLines(_ stat: String, _ expected: ProcessCPU) {
        #expect(ProcessCPU.parse(stat: stat, statm: "1000 300 50 10 0 200 0\n") == expected)
    }

    @Test func zombiesAndGarbageAreNotRead() {
        #expect(ProcessCPU.parse(stat: "42 (x) Z 1 42 42 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 5 0 0", statm: "1 1") == nil)
        #expect(ProcessCPU.parse(stat: "garbage", statm: "1 1") == nil)
        #expect(ProcessCPU.parse(stat: "42 (x) R 1", statm: "1 1") == nil)
    }
}
