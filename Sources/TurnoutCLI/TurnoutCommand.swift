import ArgumentParser

/// The `turnout` command: one subcommand per file in this folder.
public struct TurnoutCommand: AsyncParsableCommand {
    /// The command's name, abstract and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "turnout",
        abstract: "Health-checked rolling, blue-green and canary rollouts for the Stage-2 stack.",
        discussion: """
            Turnout reads a deployment manifest (see manifests/stage2.yaml), generates nginx, compose and \
            Kubernetes files from it, and rolls new releases out with health checks and automatic rollback.

            Exit codes: 0 success, 1 error, 2 invalid manifest or arguments, 3 rolled back.
            """,
        subcommands: [
            DeployCommand.self, StatusCommand.self, DoctorCommand.self, HistoryCommand.self, RollbackCommand.self, PromoteCommand.self,
            AbortCommand.self, ResumeCommand.self, DownCommand.self, ValidateCommand.self, GenerateCommand.self, BuildCommand.self, LoadCommand.self,
        ]
    )

    /// Creates the command (ArgumentParser requirement).
    public init() {}
}
