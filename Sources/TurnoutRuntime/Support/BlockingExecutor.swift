import Foundation

/// Runs blocking system calls (socket waits, `poll`, `getaddrinfo`) on a thread of their own, so they never
/// occupy the Swift concurrency pool's few cooperative threads, and many of them wait at the same time.
///
/// A dispatch concurrent queue would not do: on Linux it is limited to about one thread per core, so eight
/// probes of a never-answering server on two cores would wait one batch after another.
package enum BlockingExecutor {
    /// Stack size for the short-lived threads; the work done there is shallow.
    private static let stackSize = 256 * 1024

    /// Runs `work` on a new thread and resumes the caller with its result.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = "turnout.blocking"
            thread.stackSize = stackSize
            thread.start()
        }
    }
}
