import Foundation
import Glibc
import TurnoutManifest
import TurnoutRuntime

/// Runs processes on this host: the local platform's instances (through `LocalInstanceRuntime`) and the
/// accessory servers it manages.
///
/// Each instance is spawned with `posix_spawn` in a new session (`setsid`), so it survives Turnout being killed
/// and ignores the terminal's signals; its stdout and stderr are appended to the spec's log file and stdin is
/// `/dev/null`. Processes are identified by PID and start time, and stopped by signalling their process group.
public final class LocalProcessRuntime: @unchecked Sendable {
    /// How executables are found.
    public let resolver: ExecutableResolver
    /// How often `stop` checks whether the process has ended.
    public let pollInterval: Duration
    /// How long `stop` waits for the process to disappear after SIGKILL.
    public let killGrace: Duration

    /// Exit statuses of children this runtime reaped, keyed by PID, with the start time they belong to.
    private var reaped: [Int32: (startTime: UInt64, status: InstanceStatus)] = [:]
    private let lock = NSLock()

    /// Creates a runtime.
    public init(
        resolver: ExecutableResolver = .standard(), pollInterval: Duration = .milliseconds(50),
        killGrace: Duration = .seconds(10)
    ) {
        self.resolver = resolver
        self.pollInterval = pollInterval
        self.killGrace = killGrace
    }

    /// Starts one process; the executable is resolved (and a missing one reported) before anything is spawned.
    public func start(_ spec: ProcessSpec) async throws -> ProcessHandle {
        guard let first = spec.argv.first else {
            throw RuntimeError(.emptyCommand, "\(spec.name) has an empty command")
        }
        let executable = try resolver.resolve(first, relativeTo: spec.workingDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spec.workingDirectory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw RuntimeError(.setupFailed, "working directory \(spec.workingDirectory) does not exist")
        }
        let logDirectory = (spec.logPath as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)

        let pid = try ProcessSpawner.spawn(
            executable: executable, argv: spec.argv, environment: spec.environment.map { ($0.name, $0.value) },
            workingDirectory: spec.workingDirectory, output: .appendToFile(spec.logPath), newSession: true)
        // The child is not reaped until `status` sees it end, so its stat file exists even if it already exited.
        let startTime = ProcStat.read(pid: pid)?.startTime ?? 0
        return ProcessHandle(pid: pid, startTime: startTime, logPath: spec.logPath)
    }

    /// Signals the instance's process group with SIGTERM, polls until it ends or `timeout` passes, then sends
    /// SIGKILL to the group.
    public func stop(_ record: ProcessHandle, timeout: TimeSpan) async throws -> StopResult {
        guard status(record) == .running, let stat = ProcStat.read(pid: record.pid),
            stat.startTime == record.startTime
        else { return .alreadyGone }
        // A session leader spawned by us leads its own group: signal the group so its children stop too.
        let target = stat.processGroup == record.pid ? -record.pid : record.pid
        try signal(target, SIGTERM, record)

        let clock = ContinuousClock()
        let deadline = clock.now + timeout.duration
        while true {
            switch status(record) {
            case .running: break
            case .exited(let code): return .exited(code: code)
            case .signalled(let signal): return .signalled(signal: signal)
            case .gone: return .endedUnobserved
            }
            if clock.now >= deadline { break }
            try? await Task.sleep(for: pollInterval)
        }

        try signal(target, SIGKILL, record)
        let killDeadline = clock.now + killGrace
        while status(record) == .running, clock.now < killDeadline {
            try? await Task.sleep(for: pollInterval)
        }
        return .killedAfterTimeout
    }

    /// Whether the recorded process is alive. A child of this runtime that ended is reaped here (`waitpid` with
    /// `WNOHANG`) and its exit status remembered; a process that is not our child is judged by `/proc` alone.
    public func status(_ record: ProcessHandle) -> InstanceStatus {
        lock.lock()
        defer { lock.unlock() }
        if let known = reaped[record.pid], known.startTime == record.startTime { return known.status }
        guard let stat = ProcStat.read(pid: record.pid), stat.startTime == record.startTime else {
            return .gone
        }
        var word: Int32 = 0
        let result = waitpid(record.pid, &word, WNOHANG)
        if result == record.pid, let ended = WaitStatus.decode(word) {
            reaped[record.pid] = (record.startTime, ended)
            return ended
        }
        if result == 0 { return .running }
        // Not our child (Turnout restarted since it was spawned): a zombie is as good as gone.
        return stat.isZombie ? .gone : .running
    }

    private func signal(_ target: Int32, _ number: Int32, _ record: ProcessHandle) throws {
        if kill(target, number) != 0, errno != ESRCH {
            throw RuntimeError(
                .signalFailed, "could not signal pid \(record.pid): \(String(cString: strerror(errno)))")
        }
    }
}
