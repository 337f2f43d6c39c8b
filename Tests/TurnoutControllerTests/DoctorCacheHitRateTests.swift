import Testing
import TurnoutAnalysis

@testable import TurnoutController

/// The doctor's cache hit rate prefers the API instances' own counters over Redis's server-wide keyspace
/// counters, adds up every instance's lookups, and says which source it used.
@Suite struct DoctorCacheHitRateTests {
    static let redis = MetricReading(.cacheHitRate, subject: "redis", value: 0.55, samples: 4000, source: "redis INFO keyspace_hits/misses")

    static func instances(_ revision: String, _ value: Double, _ lookups: Int?) -> MetricReading {
        MetricReading(.cacheHitRate, subject: revision, value: value, samples: lookups, source: "instance /metrics cache_hits/misses_total")
    }

    @Test(arguments: [
        // instance readings (subject, rate, lookups), expected rate, expected lookups, source prefix
        ([("r3", 0.9, 1000)], 0.9, 1000, "the API instances' cache_hits_total/cache_misses_total"),
        ([("r3", 0.9, 1000), ("r4", 0.6, 3000)], 0.675, 4000, "the API instances' cache_hits_total/cache_misses_total"),
        ([("r3", 0.0, 0)], 0.55, 4000, "redis INFO keyspace_hits/misses (server-wide"),
        ([], 0.55, 4000, "redis INFO keyspace_hits/misses (server-wide"),
    ] as [([(String, Double, Int)], Double, Int, String)])
    func prefersTheInstancesCounters(readings: [(String, Double, Int)], rate: Double, lookups: Int, source: String) throws {
        let chosen = try #require(DoctorCacheHitRate.choose(instances: readings.map { Self.instances($0.0, $0.1, $0.2) }, redis: Self.redis))
        #expect(abs(chosen.value - rate) < 1e-9)
        #expect(chosen.samples == lookups)
        #expect(chosen.source.hasPrefix(source), "\(chosen.source)")
    }

    @Test func nothingMeasuredIsNoReading() {
        #expect(DoctorCacheHitRate.choose(instances: [Self.instances("r3", 0.5, nil)], redis: nil) == nil)
    }

    @Test func theFindingNamesTheInstancesAsItsSource() throws {
        var measured = DoctorMeasurements(slo: .init(), window: .seconds(10), seconds: 10)
        measured.cacheHitRate = DoctorCacheHitRate.choose(instances: [Self.instances("r3", 0.6, 500)], redis: Self.redis)
        let finding = try #require(ScalingAdvisor().advise(measured).findings.first { $0.metric == "cache_hit_rate" })
        #expect(finding.subject == "api instances")
        #expect(finding.source.contains("cache_hits_total/cache_misses_total"), "\(finding.source)")
        #expect(finding.severity == .stage3, "60% is under the guide's 70% trigger")
    }
}
