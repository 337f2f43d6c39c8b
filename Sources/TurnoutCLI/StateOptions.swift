import ArgumentParser

/// Options every command that acts on a deployment shares.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: "Where Turnout keeps its database, nginx prefix, logs and pinned releases.")
    var stateDirectory: String = ".turnout"

    @Option(help: "text or json (one JSON event per line while a deploy runs).")
    var output: OutputFormat = .text
}
