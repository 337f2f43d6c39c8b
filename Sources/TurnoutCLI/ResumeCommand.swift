import ArgumentParser
import TurnoutController

/// `turnout resume`: continues an interrupted deploy.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue a deploy that was interrupted (Turnout killed), from its last recorded step.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let controller = DeployController(stateDirectory: state.stateDirectory, reporter: state.output.reporter)
            let result = try await controller.resume()
            if !result.succeeded { throw ExitCodes.rolledBack }
        }
    }
}
