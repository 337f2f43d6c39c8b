/// How a stop request ended.
public enum StopResult: Sendable, Hashable, CustomStringConvertible {
    /// It exited after SIGTERM with this code.
    case exited(code: Int32)
    /// It was ended by this signal after SIGTERM (usually SIGTERM itself, by its default action).
    case signalled(signal: Int32)
    /// It ended after SIGTERM, but it was not Turnout's child (Turnout restarted since), so how is unknown.
    case endedUnobserved
    /// It did not stop within the timeout and was killed with SIGKILL.
    case killedAfterTimeout
    /// It was not running when the stop began (already ended, or the PID belongs to another process now).
    case alreadyGone

    /// Short text, e.g. `killed-after-timeout`.
    public var description: String {
        switch self {
        case .exited(let code): return "exited(\(code))"
        case .signalled(let signal): return "signalled(\(signal))"
        case .endedUnobserved: return "ended"
        case .killedAfterTimeout: return "killed-after-timeout"
        case .alreadyGone: return "already-gone"
        }
    }
}
