import Dispatch

/// Runs blocking system calls (socket waits, `poll`) on a dedicated dispatch queue, so they never occupy the
/// Swift concurrency pool's few cooperative threads.
enum BlockingExecutor {
    private static let queue = DispatchQueue(label: "turnout.runtime.blocking", attributes: .concurrent)

    /// Runs `work` on the blocking queue and resumes the caller with its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
