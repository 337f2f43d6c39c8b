import ArgumentParser

/// The `turnout` command and its subcommands.
public struct TurnoutCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "turnout", abstract: "Health-checked rollouts.")
    public init() {}
}
