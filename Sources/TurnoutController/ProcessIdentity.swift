import Foundation
import TurnoutRuntime
import TurnoutState

/// This process as a lock holder, and the test of whether a recorded holder is still alive (same PID and
/// same start time, so a reused PID does not count).
enum ProcessIdentity {
    static func current(purpose: String) -> LockHolder {
        let pid = getpid()
        return LockHolder(
            purpose: purpose, pid: pid, pidStartTime: ProcStat.read(pid: pid)?.startTime ?? 0,
            user: ProcessInfo.processInfo.environment["USER"] ?? String(getuid()), since: Date())
    }

    static func isAlive(_ holder: LockHolder) -> Bool {
        guard let stat = ProcStat.read(pid: holder.pid), !stat.isZombie else { return false }
        return holder.pidStartTime == 0 || stat.startTime == holder.pidStartTime
    }
}
