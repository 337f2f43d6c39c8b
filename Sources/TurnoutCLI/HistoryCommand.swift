import ArgumentParser
import Foundation
import TurnoutController
import TurnoutState

/// `turnout history`.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List deploys and rollbacks: revision, strategy, start, end, outcome and reason.")

    @OptionGroup var state: StateOptions

    @Option(help: "How many deploys to show.")
    var limit = 20

    @Option(name: .customLong("events"), help: "Show every event of this deploy id.")
    var eventsOf: Int64?

    func run() async throws {
        try await CommandFailure.run(output: state.output) {
            let controller = DeployController(stateDirectory: state.stateDirectory)
            if let id = eventsOf {
                let events = try controller.events(of: id)
                if state.output == .json { print(try JSONText.encode(events)); return }
                for event in events { print("\(Self.time(event.at))  \(event.kind)  \(event.message)") }
                return
            }
            let deploys = try controller.history(limit: limit)
            if state.output == .json { print(try JSONText.encode(deploys)); return }
            if deploys.isEmpty { print("no deploys yet") }
            for deploy in deploys {
                let end = deploy.endedAt.map(Self.time) ?? "-"
                let previous = deploy.previousRevision.map { " (from r\($0))" } ?? ""
                print("#\(deploy.id)  \(deploy.kind.rawValue)  r\(deploy.revision)\(previous)  \(deploy.strategy)  \(Self.time(deploy.startedAt)) -> \(end)  \(deploy.outcome.rawValue)"
                      + (deploy.reason.map { "  \($0)" } ?? ""))
            }
        }
    }

    static func time(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
