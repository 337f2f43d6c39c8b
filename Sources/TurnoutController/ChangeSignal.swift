import Foundation

/// A latch between a producer and one waiter: `wait()` returns once `signal()` has been called since the
/// last `wait()` returned (at once if it already was), or when the waiting task is cancelled. Signals do not
/// pile up: many before a wait count as one. Unlike an `AsyncStream`, a cancelled wait leaves it usable.
final class ChangeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Creates a latch with no signal pending.
    init() {}

    /// Wakes the waiter, or leaves the signal for the next wait.
    func signal() {
        let woken: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            pending = true
            return nil
        }
        woken?.resume()
    }

    /// Waits for a signal (one waiter at a time).
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now: Bool = lock.withLock {
                    if pending || Task.isCancelled {
                        pending = false
                        return true
                    }
                    precondition(waiter == nil, "ChangeSignal has one waiter at a time")
                    waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let woken: CheckedContinuation<Void, Never>? = lock.withLock {
                defer { waiter = nil }
                return waiter
            }
            woken?.resume()
        }
    }
}
