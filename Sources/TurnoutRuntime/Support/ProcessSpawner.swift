import Foundation
import Glibc

/// Spawns processes with `posix_spawn`: an argv array (never a shell), an explicit environment, stdin from
/// `/dev/null`, stdout and stderr appended to a file (or discarded), optionally in a new session.
///
/// The child starts with an empty signal mask and every signal at its default action, whatever Turnout's own
/// threads block or ignore, and inherits no descriptor besides 0, 1 and 2.
public enum ProcessSpawner {
    /// Where the child's stdout and stderr go.
    public enum Output: Sendable, Hashable {
        /// Appended to this file, created with mode 0644 when missing.
        case appendToFile(String)
        /// Written to `/dev/null`.
        case discard
    }

    /// glibc's `POSIX_SPAWN_SETSID` (not exported by the Swift Glibc module): the child calls `setsid()`, so it
    /// leads a new session and process group, has no controlling terminal, and outlives a SIGKILLed Turnout.
    public static let spawnSetSID: Int32 = 0x80

    /// Spawns `argv` running the file at `executable` (already resolved) and returns its PID.
    ///
    /// - Parameters:
    ///   - executable: the absolute path of the file to run; `argv[0]` is passed as given.
    ///   - argv: the arguments, including `argv[0]`.
    ///   - environment: the complete environment (name, value), nothing inherited.
    ///   - workingDirectory: the directory the child starts in; `nil` keeps Turnout's.
    ///   - output: where stdout and stderr go.
    ///   - newSession: whether the child calls `setsid()`.
    public static func spawn(
        executable: String, argv: [String], environment: [(String, String)], workingDirectory: String?,
        output: Output, newSession: Bool
    ) throws -> pid_t {
        guard !argv.isEmpty else { throw RuntimeError(.emptyCommand, "the command has no executable") }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= spawnSetSID }
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)), "posix_spawnattr_setflags")
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        try check(posix_spawnattr_setsigmask(&attributes, &emptyMask), "posix_spawnattr_setsigmask")
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        try check(posix_spawnattr_setsigdefault(&attributes, &allSignals), "posix_spawnattr_setsigdefault")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen stdin")
        switch output {
        case .appendToFile(let path):
            try check(
                posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o644),
                "addopen stdout")
        case .discard:
            try check(posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0), "addopen stdout")
        }
        try check(posix_spawn_file_actions_adddup2(&actions, 1, 2), "adddup2 stderr")
        if let workingDirectory {
            guard let addChdir = GlibcExtras.addChdir else {
                throw RuntimeError(.spawnFailed, "this C library has no posix_spawn_file_actions_addchdir_np")
            }
            try check(addChdir(&actions, workingDirectory), "addchdir \(workingDirectory)")
        }
        if let addClosefrom = GlibcExtras.addClosefrom {
            try check(addClosefrom(&actions, 3), "addclosefrom")
        }

        let cArguments = argv.map { strdup($0) }
        let cEnvironment = environment.map { strdup("\($0.0)=\($0.1)") }
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid = pid_t()
        let result = (cArguments + [nil]).withUnsafeBufferPointer { argvBuffer in
            (cEnvironment + [nil]).withUnsafeBufferPointer { envBuffer in
                posix_spawn(&pid, executable, &actions, &attributes, argvBuffer.baseAddress!, envBuffer.baseAddress!)
            }
        }
        guard result == 0 else {
            throw RuntimeError(
                .spawnFailed, "could not start \(executable): \(String(cString: strerror(result)))",
                hint: "check that the working directory and log directory exist and the file is executable")
        }
        return pid
    }

    private static func check(_ result: Int32, _ what: String) throws {
        guard result == 0 else {
            throw RuntimeError(.spawnFailed, "\(what) failed: \(String(cString: strerror(result)))")
        }
    }
}
