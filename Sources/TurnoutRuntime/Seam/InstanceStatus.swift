/// What a runtime observes about an instance right now.
public enum InstanceStatus: Sendable, Hashable, CustomStringConvertible {
    /// It is alive (the process with the recorded start time, the container, the task).
    case running
    /// It ended with an exit code (a local child Turnout reaped, a container the engine reports).
    case exited(code: Int32)
    /// It was ended by a signal, e.g. a crash with SIGSEGV.
    case signalled(signal: Int32)
    /// It no longer exists, and how it ended is unknown.
    case gone

    /// Whether the process is alive.
    public var isRunning: Bool { self == .running }

    /// Short text, e.g. `exited(3)`.
    public var description: String {
        switch self {
        case .running: return "running"
        case .exited(let code): return "exited(\(code))"
        case .signalled(let signal): return "signalled(\(signal))"
        case .gone: return "gone"
        }
    }
}
