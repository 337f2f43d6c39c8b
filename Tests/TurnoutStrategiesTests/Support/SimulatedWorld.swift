import TurnoutStrategies

/// An in-memory runtime and traffic router for one service: applies a strategy's actions to simulated
/// instances (which become healthy after `healthyAfter` observations, or crash when told to), keeps the
/// rollout and step clocks, answers analysis requests from a script, and checks invariants after every
/// action it applies.
struct SimulatedWorld {
    var desired: Int
    var stable: RevisionID = "v1"
    var new: RevisionID = "v2"
    var instances: [Instance] = []
    var traffic: TrafficState
    var verdicts: [AnalysisVerdict] = []
    var commands: [OperatorCommand] = []
    var progress = RolloutProgress()
    var clock: Duration = .zero
    var stepStart: Duration = .zero
    /// Observations a started instance needs before it is healthy.
    var healthyAfter = 2
    /// Instances of the new revision (by start order, from 1) that crash instead of becoming healthy.
    var crashingNew: Set<Int> = []
    /// The new revision's instances never become healthy.
    var newNeverHealthy = false
    /// Verdict for the n-th analysis request (from 1).
    var verdict: (AnalysisRequest, Int) -> AnalysisVerdict.Outcome = { _, _ in .pass }
    /// Commands delivered, one each time the strategy pauses for an operator.
    var operatorReplies: [OperatorCommand.Kind] = []
    /// Extra events, run before each observation with its index.
    var events: (inout SimulatedWorld, Int) -> Void = { _, _ in }
    /// Healthy serving capacity that must never be undercut (rolling: desired - max unavailable).
    var capacityFloor: Int?

    var violations: [String] = []
    var decisions: [Decision] = []
    var analysisRuns = 0
    private var ages: [InstanceID: Int] = [:]
    private var started: [RevisionID: Int] = [:]

    /// A world where `desired` healthy stable instances take all traffic routed as `routing` says.
    init(desired: Int, routing: RollbackPlan.Routing) {
        self.desired = desired
        traffic = .none
        for _ in 0..<desired { spawn(stable, state: .healthy) }
        switch routing {
        case .upstream: traffic = .upstream(Set(instances.map(\.id)))
        case .weights: traffic = .weights([TrafficWeight(revision: stable, percent: 100)])
        case .active: traffic = .active(stable)
        case .none: traffic = .none
        }
    }

    func healthy(_ revision: RevisionID) -> [Instance] {
        instances.filter { $0.revision == revision && $0.state == .healthy }
    }

    func live(_ revision: RevisionID) -> [Instance] {
        instances.filter { $0.revision == revision && $0.state.isLive }
    }

    /// The observation the controller would gather now.
    func observation() -> Observation {
        Observation(
            desiredReplicas: desired, stableRevision: stable, newRevision: new, instances: instances,
            traffic: traffic, verdicts: verdicts, rolloutElapsed: clock, stepElapsed: clock - stepStart,
            commands: commands, progress: progress)
    }

    mutating func spawn(_ revision: RevisionID, state: Instance.State = .starting) {
        let number = (started[revision] ?? 0) + 1
        started[revision] = number
        let id = InstanceID("\(revision)-\(number)")
        instances.append(Instance(id: id, revision: revision, state: state))
        ages[id] = 0
    }

    mutating func set(_ id: InstanceID, _ state: Instance.State) {
        if let index = instances.firstIndex(where: { $0.id == id }) { instances[index].state = state }
    }

    mutating func command(_ kind: OperatorCommand.Kind) {
        commands.append(OperatorCommand(sequence: commands.count + 1, kind: kind))
    }

    /// Instances advance one observation: starting ones become healthy (or crash), stopping ones stop.
    mutating func tick() {
        for index in instances.indices {
            let id = instances[index].id
            ages[id, default: 0] += 1
            switch instances[index].state {
            case .stopping: instances[index].state = .stopped
            case .starting where ages[id, default: 0] >= healthyAfter:
                let isNew = instances[index].revision == new
                let number = Int(id.rawValue.split(separator: "-").last ?? "") ?? 0
                if isNew, crashingNew.contains(number) {
                    instances[index].state = .crashed
                } else if !(isNew && newNeverHealthy) {
                    instances[index].state = .healthy
                }
            default: break
            }
        }
    }

    /// Applies `decision`'s actions in order, checking the invariants; returns whether it ended the rollout.
    mutating func apply(_ decision: Decision) -> Bool {
        decisions.append(decision)
        progress = decision.progress
        var waited = false
        for action in decision.actions {
            switch action {
            case .startInstances(let revision, let count):
                for _ in 0..<count { spawn(revision) }
            case .stopInstances(let ids, _), .drainWorkers(let ids, _):
                for id in ids {
                    if let instance = instances.first(where: { $0.id == id }), traffic.routes(to: instance) {
                        violations.append("stopped \(id) while it carried traffic")
                    }
                    set(id, .stopping)
                }
            case .setWeights(let weights):
                for weight in weights where weight.percent > 0 && healthy(weight.revision).isEmpty {
                    violations.append("weight \(weight) on a revision with no healthy instance")
                }
                if weights.reduce(0, { $0 + $1.percent }) != 100 { violations.append("weights \(weights) not 100") }
                traffic = .weights(weights)
            case .switchActive(let revision):
                if healthy(revision).isEmpty { violations.append("switched to \(revision) with no healthy instance") }
                traffic = .active(revision)
            case .setUpstream(let ids):
                for id in ids where !instances.contains(where: { $0.id == id && $0.state == .healthy }) {
                    violations.append("upstream member \(id) is not healthy")
                }
                traffic = .upstream(Set(ids))
            case .runAnalysis(let request):
                analysisRuns += 1
                verdicts.append(AnalysisVerdict(verdict(request, analysisRuns), at: clock - stepStart, window: request.policy.window.duration))
            case .pauseForOperator:
                if !operatorReplies.isEmpty { command(operatorReplies.removeFirst()) }
            case .markStepComplete:
                stepStart = clock
                verdicts = []
            case .waitUntil(let time):
                clock = max(clock + .seconds(1), time)
                waited = true
            case .observeAgain:
                clock += .seconds(1)
                waited = true
            case .beginRollback, .promote, .rollbackComplete, .halt:
                break
            }
            checkCapacity(after: action)
        }
        if !waited { clock += .seconds(1) }
        return decision.isTerminal
    }

    private mutating func checkCapacity(after action: Action) {
        guard let floor = capacityFloor else { return }
        let serving: Int
        switch traffic {
        case .upstream(let members):
            serving = instances.filter { members.contains($0.id) && $0.state == .healthy }.count
        default:
            serving = instances.filter { $0.state == .healthy }.count
        }
        if serving < floor { violations.append("serving \(serving) < \(floor) after \(action)") }
    }

    /// Runs `strategy` until it ends the rollout or `limit` observations pass; returns the last action.
    mutating func run(_ strategy: any RolloutStrategy, limit: Int = 500) -> Action? {
        for index in 0..<limit {
            events(&self, index)
            let decision = strategy.next(observation())
            if apply(decision) { return decision.actions.last { $0.isTerminal } }
            tick()
        }
        violations.append("did not end within \(limit) observations")
        return nil
    }

    /// Every action applied, in order.
    var actions: [Action] { decisions.flatMap(\.actions) }
}
