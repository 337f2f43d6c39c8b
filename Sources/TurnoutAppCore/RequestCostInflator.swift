import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes every request cost `factor` more CPU than it does (the slowdown fault): a release that does 30 %
/// more work per request. It measures the process's CPU time per request (without its own burning) over
/// the last half second and spins the calling thread for `factor` times that after each request, so that
/// on a busy host the release answers that much slower as clients see it, and on an idle one its service
/// time grows by the CPU share of it. A sleep would not do: it frees the CPU, and under load it hides in
/// the queueing.
public final class RequestCostInflator: @unchecked Sendable {
    /// The extra CPU per request, as a fraction of the measured cost (0.3: 30 % more).
    public let factor: Double
    private let lock = NSLock()
    private var requests = 0
    private var burned = 0.0
    private var windowStart: (cpu: Double, requests: Int, burned: Double, at: Double)
    /// CPU seconds per request, measured.
    private var perRequest = 0.0002

    /// Creates an inflator; it measures from now.
    public init(factor: Double) {
        self.factor = max(0, factor)
        windowStart = (Self.processCPUTime(), 0, 0, Self.monotonic())
    }

    /// Counts a request just served and spins for its extra cost.
    public func requestServed() {
        let cost: Double = lock.withLock {
            requests += 1
            let now = Self.monotonic()
            if now - windowStart.at >= 0.5 {
                let cpu = Self.processCPUTime()
                let served = requests - windowStart.requests
                let own = cpu - windowStart.cpu - (burned - windowStart.burned)
                if served > 0, own > 0 { perRequest = 0.7 * perRequest + 0.3 * own / Double(served) }
                windowStart = (cpu, requests, burned, now)
            }
            return perRequest * factor
        }
        guard cost > 0 else { return }
        let spent = Self.spin(seconds: cost)
        lock.withLock { burned += spent }
    }

    /// Spins the calling thread for `seconds` of its own CPU time; returns the CPU time spent.
    static func spin(seconds: Double) -> Double {
        let start = CPUBurner.threadCPUTime()
        var sink: UInt64 = 0
        while CPUBurner.threadCPUTime() - start < seconds {
            for i in 0..<200 { sink = sink &* 6364136223846793005 &+ UInt64(i) }
        }
        if sink == 42 { print("") }
        return CPUBurner.threadCPUTime() - start
    }

    static func processCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
