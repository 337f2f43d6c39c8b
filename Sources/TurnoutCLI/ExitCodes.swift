import ArgumentParser

/// Turnout's exit codes, the same for every subcommand.
public enum ExitCodes {
    /// Something failed that is not the user's input (a runtime, a file system, a child process).
    public static let failure = ExitCode(1)
    /// The manifest, a strategy file or an argument is invalid; nothing was changed.
    public static let invalidInput = ExitCode(2)
    /// The deploy failed its checks and was rolled back to the stable revision.
    public static let rolledBack = ExitCode(3)
}
