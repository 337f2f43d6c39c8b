import ArgumentParser
import Foundation
import TurnoutController

/// `turnout status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the stable revision, the deploy in progress, nginx, traffic and every instance's health now.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let report = try await DeployController(stateDirectory: state.stateDirectory).status()
            if state.output == .json {
                print(try JSONText.encode(report))
            } else {
                print(report.text)
            }
        }
    }
}
