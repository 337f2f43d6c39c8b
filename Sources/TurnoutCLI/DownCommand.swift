import ArgumentParser
import TurnoutController

/// `turnout down`.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop nginx, every instance (gracefully) and the managed accessories. History is kept.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let stopped = try await DeployController(stateDirectory: state.stateDirectory).down()
            print(stopped.isEmpty ? "nothing was running" : "stopped: " + stopped.joined(separator: ", "))
        }
    }
}
