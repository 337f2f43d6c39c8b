import Foundation
import TurnoutController
import TurnoutLoad

/// One canary of the bundled API under load, as the analysis scenarios run it: v1 deployed, load through
/// nginx, then v2 with the fault switches `faults` through the `strategy` file, and the stack torn down.
struct CanaryRun {
    let result: DeployResult
    let report: LoadReport
    let events: [ProgressEvent]

    /// Runs it; `prometheus` gives the stack a managed Prometheus that the analysis asks.
    static func run(_ faults: [String: String], strategy: String = "quick-canary", prometheus: Bool = false) async throws -> CanaryRun {
        let stack = try StackHarness(workers: 1, prometheus: prometheus)
        let first = try await stack.deploy("v1")
        guard first.succeeded else {
            await stack.tearDown()
            throw ControllerError("the first deploy failed", hint: stack.transcript)
        }
        let load = stack.startLoad()
        try await Task.sleep(for: .seconds(2))
        let result = try await stack.deploy("v2", strategy: strategy, api: faults)
        try await Task.sleep(for: .seconds(1))
        let report = await load.stop()
        let run = CanaryRun(result: result, report: report, events: stack.reporter.events)
        await stack.tearDown()
        print("canary \(faults)\(prometheus ? " with prometheus" : ""): \(result.outcome) \(result.reason ?? "")"
              + "; \(run.secondsFromTrafficToOutcome.map { String(format: "%.1f s from the canary's first traffic to the outcome", $0) } ?? "")"
              + "; \(report.text.replacingOccurrences(of: "\n", with: "; "))")
        return run
    }

    /// The deploy's events as text, for failure messages.
    var transcript: String { events.map { "\($0.service ?? "-"): \($0.message)" }.joined(separator: "\n") }

    /// Seconds from the API's canary (r2 of this stack) first taking traffic to the API's rollout ending.
    var secondsFromTrafficToOutcome: Double? {
        let api = events.filter { $0.service == "api" }
        guard let traffic = api.first(where: { $0.kind == "traffic" && ($0.values["r2"] ?? 0) > 0 }),
              let end = api.last(where: { $0.kind == "outcome" }) else { return nil }
        return end.at.timeIntervalSince(traffic.at)
    }
}
