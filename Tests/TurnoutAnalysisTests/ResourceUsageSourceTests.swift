import Foundation
import Testing
import TurnoutRuntime
import TurnoutStrategies

@testable import TurnoutAnalysis

/// The CPU share the analysis makes of a platform's resource counters: since start on a first reading,
/// over the window after; per revision the mean over its instances; warming instances only remembered.
@Suite struct ResourceUsageSourceTests {
    static let r2 = RevisionID("r2")

    /// Counters set by the test.
    final class Counters: ResourceReader, @unchecked Sendable {
        let name = "test counters"
        var usage: [String: ResourceUsage] = [:]
        func usage(of handles: [String: InstanceHandle]) async -> (usage: [String: ResourceUsage], problems: [String]) {
            (usage.filter { handles[$0.key] != nil }, handles.keys.filter { usage[$0] == nil }.sorted().map { "no counters for \($0)" })
        }
    }

    static func target(_ id: String, countsFrom: Date? = nil) -> InstanceTarget {
        InstanceTarget(revision: r2, id: id, handle: InstanceHandle(kind: "test", id: id), countsFrom: countsFrom)
    }

    @Test func aFirstReadingIsSinceStartThenOverTheWindow() async {
        let counters = Counters()
        let now = Date()
        // 5 s of CPU over 10 s of life: 0.5 core, 25 % of 2.
        counters.usage["a"] = ResourceUsage(cpuSeconds: 5, residentBytes: 1e6, startedAt: now.addingTimeInterval(-10), generation: "1")
        let source = ResourceUsageSource(reader: counters, coresPerInstance: 2)
        let first = await source.sample(SampleRequest(window: .seconds(30), now: now, targets: [Self.target("a")]))
        #expect(first.reading(.cpu, revision: Self.r2)?.value == 0.25)
        #expect(first.reading(.cpu, revision: Self.r2)?.source == "test counters (since start)")
        // 2 more CPU seconds in the next 4 s: 0.5 core, 25 % of 2.
        counters.usage["a"]?.cpuSeconds = 7
        let second = await source.sample(SampleRequest(window: .seconds(30), now: now.addingTimeInterval(4), targets: [Self.target("a")]))
        #expect(second.reading(.cpu, revision: Self.r2)?.value == 0.25)
        #expect(second.reading(.cpu, revision: Self.r2)?.source == "test counters")
    }

    @Test func aRestartedInstanceIsMeasuredAfresh() async {
        let counters = Counters()
        let now = Date()
        counters.usage["a"] = ResourceUsage(cpuSeconds: 50, residentBytes: 1e6, startedAt: now.addingTimeInterval(-100), generation: "1")
        let source = ResourceUsageSource(reader: counters)
        _ = await source.sample(SampleRequest(window: .seconds(30), now: now, targets: [Self.target("a")]))
        counters.usage["a"] = ResourceUsage(cpuSeconds: 1, residentBytes: 1e6, startedAt: now.addingTimeInterval(2), generation: "2")
        let sample = await source.sample(SampleRequest(window: .seconds(30), now: now.addingTimeInterval(4), targets: [Self.target("a")]))
        #expect(sample.reading(.cpu, revision: Self.r2)?.value == 0.5)
    }

    @Test func aWarmingInstanceIsRememberedNotCounted() async {
        let counters = Counters()
        let now = Date()
        counters.usage["a"] = ResourceUsage(cpuSeconds: 9, residentBytes: 1e6, startedAt: now.addingTimeInterval(-10), generation: "1")
        let source = ResourceUsageSource(reader: counters)
        let warming = await source.sample(SampleRequest(window: .seconds(30), now: now, targets: [Self.target("a", countsFrom: now.addingTimeInterval(1))]))
        #expect(warming.reading(.cpu, revision: Self.r2) == nil)
        // Its start-up (9 s of CPU in 10 s) does not count: 1 s in the next 2 s after the warm-up is 0.5 core.
        counters.usage["a"]?.cpuSeconds = 10
        let sample = await source.sample(SampleRequest(window: .seconds(30), now: now.addingTimeInterval(2), targets: [Self.target("a", countsFrom: now.addingTimeInterval(1))]))
        #expect(sample.reading(.cpu, revision: Self.r2)?.value == 0.5)
    }

    @Test func unreadableInstancesAreProblems() async {
        let sample = await ResourceUsageSource(reader: Counters()).sample(SampleRequest(window: .seconds(30), targets: [Self.target("b")]))
        #expect(sample.readings.isEmpty && sample.problems == ["no counters for b"])
    }
}
