import Foundation
import Testing
import TurnoutController
import TurnoutLoad

/// Bad releases of the bundled API, made with its fault switches, are caught by the canary's metric analysis
/// under load and rolled back with the right metric named; a good release under the same load is promoted.
@Suite(.serialized) struct CanaryAnalysisTests {
    func canary(_ faults: [String: String]) async throws -> (DeployResult, LoadReport, String) {
        let run = try await CanaryRun.run(faults)
        #expect(Set(run.report.versions(inLast: 1).keys) == [run.result.succeeded ? "v2" : "v1"], "\(run.report.timeline.suffix(2))")
        return (run.result, run.report, run.transcript)
    }

    @Test(.timeLimit(.minutes(3))) func everyRequest300msSlowerBreachesP95() async throws {
        let (result, _, transcript) = try await canary(["TURNOUT_FAULT_LATENCY": "300ms"])
        #expect(result.outcome == "rolled_back", "\(transcript)")
        #expect(result.reason?.contains("latency_p95") == true, "\(result.reason ?? "")")
    }

    @Test(.timeLimit(.minutes(3))) func fivePercentErrorsBreachTheErrorRate() async throws {
        let (result, report, transcript) = try await canary(["TURNOUT_FAULT_ERROR_RATE": "0.05"])
        #expect(result.outcome == "rolled_back", "\(transcript)")
        #expect(result.reason?.contains("error_rate") == true, "\(result.reason ?? "")")
        #expect(report.failureRate < 0.01, "\(report.text)")
    }

    @Test(.timeLimit(.minutes(3))) func aCanaryWithoutCacheFailsTheCacheHitRate() async throws {
        let (result, _, transcript) = try await canary(["TURNOUT_FAULT_DISABLE_CACHE": "1"])
        #expect(result.outcome == "rolled_back", "\(transcript)")
        #expect(result.reason?.contains("cache_hit_rate") == true, "\(result.reason ?? "")")
    }

    @Test(.timeLimit(.minutes(3))) func aRegressionInsideTheSLOIsCaughtAgainstStable() async throws {
        let (result, _, transcript) = try await canary(["TURNOUT_FAULT_LATENCY": "40ms"])
        #expect(result.outcome == "rolled_back", "\(transcript)")
        #expect(result.reason?.contains("van Elteren") == true, "\(result.reason ?? "")")
    }

    @Test(.timeLimit(.minutes(3))) func aGoodReleaseUnderTheSameLoadIsPromoted() async throws {
        let (result, report, transcript) = try await canary([:])
        #expect(result.succeeded, "\(transcript)")
        #expect(report.failedRequests == 0, "\(report.text)")
    }
}
