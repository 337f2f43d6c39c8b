import Foundation

/// Who holds the deploy lock and since when.
public struct LockHolder: Codable, Sendable, Hashable, CustomStringConvertible {
    /// What the holder is doing, e.g. `turnout deploy manifests/stage2.yaml`.
    public var purpose: String
    /// The holder's process ID.
    public var pid: Int32
    /// The holder's process start time (clock ticks since boot, /proc/PID/stat field 22), so a reused PID
    /// is not taken for the holder.
    public var pidStartTime: UInt64
    /// The user running it.
    public var user: String
    /// When the lock was taken.
    public var since: Date
    /// Identifies one acquisition, so that two deploys in the same process are told apart too.
    public var token: String

    /// Creates a holder description.
    public init(purpose: String, pid: Int32, pidStartTime: UInt64, user: String, since: Date, token: String = UUID().uuidString) {
        self.purpose = purpose
        self.pid = pid
        self.pidStartTime = pidStartTime
        self.user = user
        self.since = since
        self.token = token
    }

    /// `PID 123 (root, turnout deploy ...) since 2026-11-29T01:00:00Z`.
    public var description: String {
        "PID \(pid) (\(user), \(purpose)) since \(ISO8601DateFormatter().string(from: since))"
    }
}

/// Thrown when another live process holds the deploy lock.
public struct LockHeldError: Error, Sendable, CustomStringConvertible {
    /// The current holder.
    public var holder: LockHolder

    /// Creates the error.
    public init(holder: LockHolder) { self.holder = holder }

    /// What to tell the user.
    public var description: String {
        "another deploy holds the lock: \(holder). Wait for it, pass --lock-wait DURATION, or stop it first."
    }
}
