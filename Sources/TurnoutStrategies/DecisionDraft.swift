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

    /// The decision, with `status` as its line.
    func decision(_ status: String) -> Decision {
        Decision(actions: actions, progress: progress, status: status)
    }

    /// The decision ending with a wait for the earliest of `waits` (or the next observation when none).
    func waiting(_ waits: [Action], _ status: String) -> Decision {
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
