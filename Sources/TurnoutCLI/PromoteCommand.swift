import ArgumentParser
import Foundation
import TurnoutController

/// `turnout promote [--full]`.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Let the running deploy go on: end the current pause or manual gate (--full: jump a canary to 100 %).")

    @OptionGroup var state: StateOptions

    @Flag(help: "Skip the remaining canary steps.")
    var full = false

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let record = try DeployController(stateDirectory: state.stateDirectory).promote(full: full)
            print("sent \(record.kind) to deploy \(record.deployID) (command \(record.sequence))")
        }
    }
}

/// `turnout abort`.
struct AbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort", abstract: "Make the running deploy roll back now (traffic first).")

    @OptionGroup var state: StateOptions

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let record = try DeployController(stateDirectory: state.stateDirectory).abort()
            print("sent abort to deploy \(record.deployID) (command \(record.sequence))")
        }
    }
}
