import TurnoutManifest

/// Judges a step's analysis verdicts under a policy, and schedules the next measurement: the first once a
/// whole window lies inside the step, then one per interval.
struct AnalysisGate {
    /// Where the step's analysis stands.
    enum Standing: Equatable {
        /// The latest measurement passed.
        case passing
        /// No passing measurement yet (none yet, or a failure or an inconclusive one still within limits).
        case undecided
        /// Failed: roll back for this reason.
        case failed(String)
        /// Inconclusive under a `pause` policy: a person decides.
        case needsOperator(String)
    }

    let request: AnalysisRequest

    var policy: AnalysisPolicy { request.policy }

    /// The standing of the observation's verdicts. A clear breach fails at once; otherwise only measurements
    /// over a whole window count (preliminary ones, early in a step, can only breach). An operator's promote
    /// overrides an inconclusive pause.
    func standing(_ observation: Observation) -> Standing {
        if let breach = observation.verdicts.first(where: { if case .breach = $0.outcome { true } else { false } }) {
            return .failed("analysis found a clear breach: \(Self.reason(breach))")
        }
        let verdicts = observation.verdicts.filter { !isPreliminary($0) }
        let fails = Self.trailing(verdicts) { $0.isFailure }
        if fails.count >= max(1, policy.failureLimit) {
            return .failed("analysis failed \(fails.count) time(s) in a row: \(Self.reason(fails.last))")
        }
        let isUnclear: (AnalysisVerdict.Outcome) -> Bool = { if case .inconclusive = $0 { true } else { false } }
        if policy.inconclusive == .pause, let first = verdicts.first(where: { isUnclear($0.outcome) }) {
            // Held until a person decides, even if later measurements pass.
            if observation.progress.promoteRequested { return .passing }
            return .needsOperator(
                "analysis inconclusive: \(Self.reason(first)); run `turnout promote` to go on or `turnout abort`")
        }
        let unclear = Self.trailing(verdicts, where: isUnclear)
        if let last = unclear.last {
            let why = Self.reason(last)
            switch policy.inconclusive {
            case .rollback:
                return .failed("analysis inconclusive: \(why)")
            case .retry:
                if unclear.count >= max(1, policy.inconclusiveLimit) {
                    return .failed("analysis inconclusive \(unclear.count) time(s) in a row: \(why)")
                }
            case .pause:
                break
            }
        }
        if case .pass = verdicts.last?.outcome { return .passing }
        return .undecided
    }

    /// Whether `verdict` covered less than the policy's window (taken early in a step, for fail-fast).
    func isPreliminary(_ verdict: AnalysisVerdict) -> Bool {
        verdict.window.map { $0 < policy.window.duration } ?? false
    }

    /// The action that gets the next measurement: run it now if due, or wait until it is. Without fail-fast
    /// the first is due once a whole window lies inside the step; with it, one interval into the step, over
    /// the time the step has had so far (the step's data only), then one per interval.
    func nextMeasurement(_ observation: Observation) -> Action {
        let full = policy.window.duration
        let first = policy.failFast ? min(policy.interval.duration, full) : full
        let due = observation.verdicts.last.map { $0.at + policy.interval.duration } ?? first
        if observation.stepElapsed >= due { return .runAnalysis(measurement(covering: observation.stepElapsed)) }
        return .waitUntil(observation.rolloutElapsed + (due - observation.stepElapsed))
    }

    /// The request over the last `elapsed` of the step when that is shorter than the window (fail-fast only).
    func measurement(covering elapsed: Duration) -> AnalysisRequest {
        guard policy.failFast, elapsed < policy.window.duration else { return request }
        var shorter = request
        let elapsedMilliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let milliseconds = max(elapsedMilliseconds / 100 * 100, min(policy.interval.milliseconds, policy.window.milliseconds))
        shorter.policy.window = TimeSpan(milliseconds: milliseconds)
        return shorter
    }

    private static func trailing(
        _ verdicts: [AnalysisVerdict], where matches: (AnalysisVerdict.Outcome) -> Bool
    ) -> [AnalysisVerdict] {
        Array(verdicts.reversed().prefix { matches($0.outcome) }.reversed())
    }

    private static func reason(_ verdict: AnalysisVerdict?) -> String {
        verdict?.outcome.reason ?? "no reason given"
    }
}
