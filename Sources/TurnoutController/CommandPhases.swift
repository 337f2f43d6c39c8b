import Foundation

/// Where a command's time went outside its services' rollouts (which `RolloutTiming` accounts for):
/// - `prepare`: from the command's start to its deploy record (loading, the lock, pinning the release);
/// - `session`: opening the session (adopting running instances) and checking the accessories and nginx;
/// - `routing`: routing set before a service's rollout (a rollback first pins traffic to the instances serving);
/// - `finish`: recording the outcome and pruning old revisions.
struct CommandPhases: Sendable {
    private(set) var durations: [String: Duration] = [:]

    /// Adds the time since `start` to `phase`.
    mutating func charge(_ phase: String, since start: ContinuousClock.Instant) {
        durations[phase, default: .zero] += ContinuousClock.now - start
    }

    /// Values in seconds, keyed `timing.PHASE`.
    var values: [String: Double] {
        Dictionary(uniqueKeysWithValues: durations.map { ("timing.\($0.key)", $0.value.inSeconds) })
    }

    /// The CPU time (user and system) this process has used so far: what Turnout itself computed, as opposed
    /// to the wall time it spent waiting for the application or, on a saturated host, for a CPU.
    static var processCPUSeconds: Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// `prepare 0.1s, session 0.3s`.
    var text: String {
        durations.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value.inSeconds))s" }
            .joined(separator: ", ")
    }
}
