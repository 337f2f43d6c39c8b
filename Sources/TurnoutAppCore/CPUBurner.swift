import Foundation

/// Burns a fraction of CPU on dedicated threads (the cpu-burn fault).
public enum CPUBurner {
    /// Starts `ceil(fraction)` threads, each busy for its share of every 50 ms window.
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
                    let start = Date()
                    while Date().timeIntervalSince(start) < window * share {
                        for i in 0..<10_000 { sink = sink &* 6364136223846793005 &+ UInt64(i) }
                    }
                    if share < 1 { Thread.sleep(forTimeInterval: window * (1 - share)) }
                    if sink == 42 { print("") }
                }
            }
            thread.name = "turnout-cpu-burn"
            thread.start()
        }
    }
}
