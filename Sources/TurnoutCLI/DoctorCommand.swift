import ArgumentParser
import Foundation
import TurnoutController
import TurnoutManifest

/// `turnout doctor`: the scaling guide's advice for the running system.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Measure the running system over a window and print the scaling guide's advice.",
        discussion: """
            Reads what the rollout analysis reads — nginx's access log (P95, P99, error rate), each instance's \
            /metrics, Redis INFO (cache hit rate, memory), queue lengths and completed-jobs counters, /proc CPU \
            of the stable revision's instances — in two samples --window apart, and prints one finding per \
            metric: value, target, window, severity (ok, warning, action, stage-3) and advice. For each queue at \
            or above its target it suggests a number of workers from the queue's growth against the workers' \
            completion rate. Exit 0 whenever something could be measured (findings are advice), 1 when nothing \
            is deployed or nothing could be read.
            """)

    @OptionGroup var state: StateOptions

    @Option(help: "Time between the two samples (rates and percentiles cover it), e.g. 10s or 1m.")
    var window = "10s"

    func run() async throws {
        guard let span = TimeSpan.parse(window), span.milliseconds >= 1000 else {
            throw ValidationError("--window expects a duration of at least 1s such as 10s or 1m, got '\(window)'")
        }
        try await CommandFailure.run(output: state.output) {
            let report = try await DeployController(stateDirectory: state.stateDirectory).doctor(window: span)
            print(state.output == .json ? try JSONText.encode(report) : report.text)
            if report.findings.isEmpty {
                FileHandle.standardError.write(Data("error: nothing could be measured on revision \(report.revision) of \(report.app); see the notes above\n".utf8))
                throw ExitCodes.failure
            }
        }
    }
}
