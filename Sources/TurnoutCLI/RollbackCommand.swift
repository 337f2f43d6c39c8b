import ArgumentParser
import TurnoutController

/// `turnout rollback [--to N]`.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Return to the previous good revision (or --to N), health-checked, traffic first.",
        discussion: """
            Starts the target revision's instances (pinned when it was deployed), moves traffic to them only \
            once they pass their health checks, then stops the others. After an interrupted deploy (Turnout \
            killed mid-way), undoes that deploy instead. Exit 0 when the target is stable again.
            """
    )

    @OptionGroup var state: StateOptions

    @Option(name: .customLong("to"), help: "The revision to return to (see `turnout history`).")
    var target: Int?

    @Option(name: .customLong("lock-wait"), help: "Wait up to this long for another deploy's lock.")
    var lockWait: String?

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let controller = DeployController(stateDirectory: state.stateDirectory, reporter: state.output.reporter)
            let result = try await controller.rollback(to: target, lockWait: try DeployCommand.duration(lockWait, option: "--lock-wait"))
            if !result.succeeded { throw ExitCodes.failure }
        }
    }
}
