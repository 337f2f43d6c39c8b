import Dispatch
import Foundation

/// Errors of ``AsyncLimiter`` and ``withTimeout(seconds:operation:)``.
public enum LimitError: Error, Sendable, Equatable {
    /// No permit became free within the wait bound.
    case waitTimeout(waitedSeconds: Double)
    /// The operation did not finish in time.
    case timedOut(seconds: Double)
}

/// Counters of an ``AsyncLimiter``.
public struct LimiterStats: Sendable, Equatable {
    /// Permits currently held.
    public var inUse = 0
    /// Acquisitions that had to wait.
    public var waits = 0
    /// Seconds spent waiting in total.
    public var waitSeconds = 0.0
    /// Acquisitions that gave up after the wait bound.
    public var timeouts = 0
}

/// A counting semaphore whose waiters give up after a bound (FIFO).
///
/// Used in front of the Postgres pool so that exhaustion is measured and
/// answered with 503 instead of queueing forever.
public actor AsyncLimiter {
    private struct Waiter {
        let id: UInt64
        let started: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    /// Number of permits.
    public nonisolated let permits: Int
    /// Wait bound.
    public nonisolated let waitTimeout: Duration
    private var counters = LimiterStats()
    private var waiters: [Waiter] = []
    private var nextID: UInt64 = 0

    /// Creates a limiter with `permits` permits.
    public init(permits: Int, waitTimeout: Duration) {
        self.permits = max(1, permits)
        self.waitTimeout = waitTimeout
    }

    /// Snapshot of the counters.
    public var stats: LimiterStats { counters }

    /// Takes a permit, waiting up to the bound.
    public func acquire() async throws {
        if counters.inUse < permits {
            counters.inUse += 1
            return
        }
        counters.waits += 1
        nextID += 1
        let id = nextID
        let started = DispatchTime.now().uptimeNanoseconds
        let timeout = waitTimeout
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiters.append(Waiter(id: id, started: started, continuation: continuation))
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(id)
            }
        }
    }

    /// Returns a permit (handing it to the oldest waiter, if any).
    public func release() {
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            counters.waitSeconds += Self.elapsed(waiter.started)
            waiter.continuation.resume()
        } else {
            counters.inUse -= 1
        }
    }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        let waited = Self.elapsed(waiter.started)
        counters.waitSeconds += waited
        counters.timeouts += 1
        waiter.continuation.resume(throwing: LimitError.waitTimeout(waitedSeconds: waited))
    }

    private static func elapsed(_ start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
    }

    /// Runs `body` while holding a permit.
    public nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}

/// Runs `operation`, throwing ``LimitError/timedOut(seconds:)`` if it takes longer
/// than `seconds`. Returns at the bound even when the operation ignores
/// cancellation (it is cancelled and left to finish in the background).
public func withTimeout<T: Sendable>(seconds: Double, operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let gate = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
        gate.install(continuation)
        let work = Task {
            do { gate.resume(.success(try await operation())) } catch { gate.resume(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            if !Task.isCancelled, gate.resume(.failure(LimitError.timedOut(seconds: seconds))) { work.cancel() }
        }
        gate.onResume { timer.cancel() }
    }
}

/// Resumes a continuation exactly once.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var done = false
    private var hook: (@Sendable () -> Void)?

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        lock.lock(); self.continuation = continuation; lock.unlock()
    }

    func onResume(_ hook: @escaping @Sendable () -> Void) {
        lock.lock()
        if done { lock.unlock(); hook(); return }
        self.hook = hook
        lock.unlock()
    }

    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        lock.lock()
        guard !done, let continuation else { lock.unlock(); return false }
        done = true
        let hook = self.hook
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
        hook?()
        return true
    }
}
