import Foundation
import Glibc
import TurnoutManifest

/// Runs a short-lived command (a health-check command, `initdb`, `pg_ctl`...) to completion with a timeout.
///
/// The command is spawned in its own session; on timeout its whole process group is killed with SIGKILL and
/// reaped. Waiting polls `waitpid(WNOHANG)` between short sleeps, so no thread is blocked.
public struct CommandRunner: Sendable {
    /// How a command ended.
    public enum Ending: Sendable, Hashable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
        /// It ran past the timeout and was killed.
        case timedOut

        /// Whether it exited 0.
        public var succeeded: Bool { self == .exited(0) }

        /// Short text, e.g. `exited 1`.
        public var description: String {
            switch self {
            case .exited(let code): return "exited \(code)"
            case .signalled(let signal): return "killed by signal \(signal)"
            case .timedOut: return "timed out"
            }
        }
    }

    /// How executables are found.
    public var resolver: ExecutableResolver

    /// Creates a runner.
    public init(resolver: ExecutableResolver = .standard()) { self.resolver = resolver }

    /// Runs `argv` and waits up to `timeout`.
    ///
    /// - Parameters:
    ///   - environment: the complete environment; `nil` passes Turnout's own environment on.
    ///   - workingDirectory: where it starts; `nil` keeps Turnout's.
    ///   - output: where stdout and stderr go.
    public func run(
        _ argv: [String], environment: [(String, String)]? = nil, workingDirectory: String? = nil,
        output: ProcessSpawner.Output = .discard, timeout: TimeSpan
    ) async throws -> Ending {
        guard let first = argv.first else { throw RuntimeError(.emptyCommand, "the command has no executable") }
        let executable = try resolver.resolve(first, relativeTo: workingDirectory ?? FileManager.default.currentDirectoryPath)
        let env = environment ?? ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let pid = try ProcessSpawner.spawn(
            executable: executable, argv: argv, environment: env, workingDirectory: workingDirectory, output: output,
            newSession: true)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout.duration
        var pause = Duration.milliseconds(2)
        while clock.now < deadline {
            if let ending = Self.reap(pid) { return ending }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(50))
        }
        if let ending = Self.reap(pid) { return ending }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        await BlockingExecutor.run {
            var word: Int32 = 0
            while waitpid(pid, &word, 0) < 0, errno == EINTR {}
        }
        return .timedOut
    }

    private static func reap(_ pid: pid_t) -> Ending? {
        var word: Int32 = 0
        let result = waitpid(pid, &word, WNOHANG)
        guard result == pid else { return nil }
        switch WaitStatus.decode(word) {
        case .exited(let code): return .exited(code)
        case .signalled(let signal): return .signalled(signal)
        default: return nil
        }
    }
}
