import ArgumentParser

/// `turnout generate`: placeholder until the generators land.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write nginx, compose and Kubernetes files.")
}
