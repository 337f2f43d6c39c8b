import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM / SIGINT into an async event, for graceful shutdown.
///
/// The default signal disposition is replaced, so the first signal no longer
/// kills the process; the app decides how to drain and when to exit.
public final class ShutdownSignal: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let stream: AsyncStream<Int32>
    private let continuation: AsyncStream<Int32>.Continuation

    /// Installs handlers for `signals` (SIGTERM and SIGINT by default).
    public init(signals: [Int32] = [SIGTERM, SIGINT]) {
        (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let queue = DispatchQueue(label: "turnout.signals")
        // A parent may have spawned us with these signals blocked (masks are
        // inherited); unblock them so the graceful path can run.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals { sigaddset(&unblock, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let continuation = self.continuation
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Waits for the first signal and returns its number.
    public func wait() async -> Int32 {
        for await number in stream { return number }
        return 0
    }

    /// All signals received, in order (first one included if not consumed by ``wait()``).
    public var signals: AsyncStream<Int32> { stream }
}

/// Exits the process with `status` after `seconds` (used by the crash-after faults).
public func scheduleCrash(after seconds: Double, status: Int32 = 3, message: String) {
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(status)
    }
}
