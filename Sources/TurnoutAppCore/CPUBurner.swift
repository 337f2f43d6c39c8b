import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Burns a fraction of CPU on dedicated threads (the cpu-burn fault).
public enum CPUBurner {
    /// Starts `ceil(fraction)` threads; each spins until it has used its share of
    /// every 50 ms window in CPU time (so preemption does not shrink the burn),
    /// then sleeps for the rest of the window.
    public static func start(fraction: Double) {
        guard fraction > 0 else { return }
        var remaining = fraction
        while remaining > 0 {
            let share = min(1, remaining)
            remaining -= share
            let thread = Thread {
                let window = 0.05
                var sink: UInt64 = 0
                while true {
                    let wallStart = Date()
                    let cpuStart = threadCPUTime()
                    while threadCPUTime() - cpuStart < window * share && Date().timeIntervalSince(wallStart) < window {
                        for i in 0..<10_000 { sink = sink &* 6364136223846793005 &+ UInt64(i) }
                    }
                    let rest = window - Date().timeIntervalSince(wallStart)
                    if rest > 0 && share < 1 { Thread.sleep(forTimeInterval: rest) }
                    if sink == 42 { print("") }
                }
            }
            thread.name = "turnout-cpu-burn"
            thread.start()
        }
    }

    /// CPU seconds used by the calling thread.
    static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
