import Foundation

/// A thread-safe flag that flips once when graceful shutdown starts.
public final class DrainState: @unchecked Sendable {
    private let lock = NSLock()
    private var draining = false

    /// Creates a flag in the serving state.
    public init() {}

    /// True once ``startDraining()`` was called.
    public var isDraining: Bool {
        lock.lock(); defer { lock.unlock() }
        return draining
    }

    /// Flips to draining; returns false when already draining.
    @discardableResult
    public func startDraining() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if draining { return false }
        draining = true
        return true
    }
}
