import Foundation
import Testing
import TurnoutController
import TurnoutLoad

/// The canary scenarios of `CanaryAnalysisTests` with a managed Prometheus (1 s scrape interval) in the
/// manifest: the latency, error-rate and cache-hit-rate values that roll a bad canary back come from
/// Prometheus's per-revision queries over the instances Turnout lists in its targets file, and a good
/// release is promoted (which needs Prometheus to have had data for each of them: no data is inconclusive).
/// The strategy's 8 s window covers Prometheus's delay in scraping a new target.
@Suite(.serialized) struct PrometheusCanaryTests {
    func canary(_ faults: [String: String]) async throws -> CanaryRun {
        let run = try await CanaryRun.run(faults, strategy: "quick-canary-prometheus", prometheus: true)
        #expect(run.events.contains { $0.kind == "accessory" && $0.message.hasPrefix("started prometheus on port ") }, "\(run.transcript)")
        #expect(Set(run.report.versions(inLast: 1).keys) == [run.result.succeeded ? "v2" : "v1"], "\(run.report.timeline.suffix(2))")
        return run
    }

    /// Expects `run` rolled back for a Prometheus value of r2 whose description starts `description`.
    func expectRolledBack(_ run: CanaryRun, on description: String) {
        #expect(run.result.outcome == "rolled_back", "\(run.transcript)")
        let clauses = (run.result.reason ?? "").components(separatedBy: "; ")
        #expect(clauses.contains { $0.contains(description) && $0.contains("(prometheus, ") }, "\(run.result.reason ?? "")")
    }

    @Test(.timeLimit(.minutes(3))) func everyRequest300msSlowerBreachesP95AsPrometheusMeasuresIt() async throws {
        expectRolledBack(try await canary(["TURNOUT_FAULT_LATENCY": "300ms"]), on: "latency_p95 of r2 is")
    }

    @Test(.timeLimit(.minutes(3))) func fivePercentErrorsBreachTheErrorRateAsPrometheusMeasuresIt() async throws {
        let run = try await canary(["TURNOUT_FAULT_ERROR_RATE": "0.05"])
        expectRolledBack(run, on: "error_rate of r2 is")
        #expect(run.report.failureRate < 0.01, "\(run.report.text)")
    }

    @Test(.timeLimit(.minutes(3))) func aCanaryWithoutCacheFailsTheCacheHitRateAsPrometheusMeasuresIt() async throws {
        expectRolledBack(try await canary(["TURNOUT_FAULT_DISABLE_CACHE": "1"]), on: "cache_hit_rate of r2 is 0.0%")
    }

    @Test(.timeLimit(.minutes(3))) func aGoodReleaseIsPromotedOnPrometheusValues() async throws {
        let run = try await canary([:])
        #expect(run.result.succeeded, "\(run.transcript)")
        #expect(run.report.failedRequests == 0, "\(run.report.text)")
        #expect(run.events.contains { $0.kind == "analysis" && $0.message.hasSuffix(": pass") }, "\(run.transcript)")
    }
}
