import Foundation

/// What the controller persists about one started instance, enough to find, check and stop it again after
/// Turnout itself was restarted.
///
/// A process is identified by its PID *and* its start time (field 22 of `/proc/PID/stat`, in clock ticks since
/// boot), so a PID the kernel handed to another process later is never mistaken for this instance.
public struct InstanceRecord: Sendable, Hashable, Codable {
    /// The lifecycle state as the controller last recorded it.
    public enum State: String, Sendable, Hashable, Codable {
        /// Spawned and, as far as Turnout knows, running.
        case running
        /// SIGTERM sent; waiting for it to end.
        case stopping
        /// Stopped by Turnout.
        case stopped
        /// Ended on its own (a crash or an early exit).
        case exited
        /// No longer present, for reasons Turnout did not observe.
        case gone
    }

    /// The instance's identifier, `SERVICE-rREVISION-ORDINAL`, e.g. `api-r3-1`.
    public var id: String
    /// The service's name.
    public var service: String
    /// The revision number.
    public var revision: Int
    /// The instance's ordinal within its revision.
    public var ordinal: Int
    /// The process ID.
    public var pid: Int32
    /// The process start time from `/proc/PID/stat` field 22 (clock ticks since boot).
    public var processStartTime: UInt64
    /// The port the instance listens on, if any.
    public var port: Int?
    /// The file stdout and stderr are appended to.
    public var logPath: String
    /// The wall-clock time the instance was spawned.
    public var startedAt: Date
    /// The lifecycle state.
    public var state: State
    /// The exit code, once the instance has exited and Turnout saw it.
    public var exitCode: Int32?
    /// When its readiness check first passed (the start of its warm-up); `nil` before that, and for records
    /// written before Turnout kept it.
    public var readyAt: Date?

    /// Creates a record.
    public init(
        id: String, service: String, revision: Int, ordinal: Int, pid: Int32, processStartTime: UInt64,
        port: Int?, logPath: String, startedAt: Date, state: State = .running, exitCode: Int32? = nil
    ) {
        self.id = id
        self.service = service
        self.revision = revision
        self.ordinal = ordinal
        self.pid = pid
        self.processStartTime = processStartTime
        self.port = port
        self.logPath = logPath
        self.startedAt = startedAt
        self.state = state
        self.exitCode = exitCode
    }
}
