/// A decision being put together: actions appended in order, progress updated as phases change.
struct DecisionDraft {
    var actions: [Action] = []
    var progress: RolloutProgress
    var status: String = ""

    init(progress: RolloutProgress) { self.progress = progress }

    /// Appends an action.
    mutating func add(_ action: Action) { actions.append(action) }

    /// Moves to `phase`/`step`; when that is a change, the step just finished is marked complete so the
    /// controller restarts the step clock and clears the step's verdicts.
    mutating func move(to phase: RolloutProgress.Phase, step: Int = 0, finished label: String) {
        guard phase != progress.phase || step != progress.step else { return }
        progress.phase = phase
        progress.step = step
        actions.append(.markStepComplete(label))
    }

    /// Adds `gate`'s next measurement when it is due (the decision is then observed again at once, see
    /// ``waiting(_:_:)``) and returns nil; otherwise returns the wait until it is due.
    mutating func measureIfDue(_ gate: AnalysisGate, _ observation: Observation) -> Action? {
        let measurement = gate.nextMeasurement(observation)
        guard case .runAnalysis = measurement else { return measurement }
        add(measurement)
        return nil
    }

    /// The decision, with `status` as its line.
    func decision(_ status: String) -> Decision {
        Decision(actions: actions, progress: progress, status: status)
    }

    /// The decision, observed again at once rather than after a poll: what it does (a phase change, routing,
    /// stopping instances) is complete when the controller has executed it, so the next observation already
    /// shows the effect and a poll would only add latency. Without actions it polls as usual (the controller
    /// does, and it also polls after a bounded run of decisions that never wait, so a stuck state cannot spin).
    func continuing(_ status: String) -> Decision { decision(status) }

    /// The decision ending with a wait for the earliest of `waits` (or the next observation when none) —
    /// unless it measures: the verdict of a `runAnalysis` is in the next observation, which then comes at once
    /// (the next measurement is an interval away, so this cannot repeat).
    func waiting(_ waits: [Action], _ status: String) -> Decision {
        if actions.contains(where: { if case .runAnalysis = $0 { true } else { false } }) { return continuing(status) }
        var actions = actions
        actions.append(Self.earliest(waits))
        return Decision(actions: actions, progress: progress, status: status)
    }

    /// The wait that comes first: `observeAgain` before any `waitUntil`, earlier times before later ones.
    static func earliest(_ waits: [Action]) -> Action {
        var best: Duration?
        for wait in waits {
            switch wait {
            case .waitUntil(let time): best = min(best ?? time, time)
            default: return .observeAgain
            }
        }
        return best.map { .waitUntil($0) } ?? .observeAgain
    }
}
