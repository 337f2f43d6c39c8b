import ArgumentParser
import TurnoutCLI

/// The `turnout` executable: ArgumentParser's asynchronous entry point over the commands in TurnoutCLI.
@main
struct TurnoutMain: AsyncParsableCommand {
    static let configuration = TurnoutCommand.configuration
}
