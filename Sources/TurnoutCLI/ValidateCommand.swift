import ArgumentParser
import Foundation
import TurnoutManifest

/// `turnout validate [FILE...]`: reports every problem in manifests and strategy files in one run.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests and strategy files and report every problem at once.",
        discussion: """
            Each problem is printed as FILE:LINE:COLUMN: error: KEY.PATH: message [code], with a hint where one \
            helps. A file whose top level has `type:` but no `app:` is checked as a strategy file. Exits 0 when \
            every file is valid, 2 otherwise.
            """
    )

    @Argument(help: "Manifests or strategy files to check.")
    var files: [String] = ["turnout.yaml"]

    @Option(name: .customLong("strategies"), help: "A directory searched for strategy files before the ones beside the manifest.")
    var strategyDirectories: [String] = []

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let loader = ManifestLoader(strategyDirectories: strategyDirectories)
        let reports = files.map { ValidationReport.check(file: $0, loader: loader) }
        switch output {
        case .text:
            for report in reports { print(report.text) }
        case .json:
            print(try ValidationReport.json(reports))
        }
        if reports.contains(where: { !$0.valid }) { throw ExitCodes.invalidInput }
    }
}
