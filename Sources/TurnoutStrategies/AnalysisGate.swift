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

    /// The standing of the observation's verdicts. An operator's promote overrides an inconclusive pause.
    func standing(_ observation: Observation) -> Standing {
        let verdicts = observation.verdicts
        let fails = Self.trailing(verdicts) { if case .fail = $0 { return true } else { return false } }
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

    /// The action that gets the next measurement: run it now if due, or wait until it is.
    func nextMeasurement(_ observation: Observation) -> Action {
        let due = observation.verdicts.last.map { $0.at + policy.interval.duration } ?? policy.window.duration
        if observation.stepElapsed >= due { return .runAnalysis(request) }
        return .waitUntil(observation.rolloutElapsed + (due - observation.stepElapsed))
    }

    private static func trailing(
        _ verdicts: [AnalysisVerdict], where matches: (AnalysisVerdict.Outcome) -> Bool
    ) -> [AnalysisVerdict] {
        Array(verdicts.reversed().prefix { matches($0.outcome) }.reversed())
    }

    private static func reason(_ verdict: AnalysisVerdict?) -> String {
        switch verdict?.outcome {
        case .fail(let why), .inconclusive(let why): return why
        default: return "no reason given"
        }
    }
}
