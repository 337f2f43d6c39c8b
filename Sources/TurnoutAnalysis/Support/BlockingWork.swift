import Foundation

/// Runs blocking system calls (socket waits, file reads) on a thread of their own, so they never occupy one
/// of the Swift concurrency pool's few cooperative threads.
enum BlockingWork {
    /// Runs `work` on a new thread and resumes the caller with its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = "turnout.analysis.blocking"
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }
}
