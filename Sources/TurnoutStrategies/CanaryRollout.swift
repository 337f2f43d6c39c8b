import TurnoutManifest

/// Canary: instances of the new revision take a growing share of traffic, step by step.
///
/// For each step (``RolloutProgress/step``): scale the canary to what the step needs (`canary_replicas`, or
/// by default ``loadMatchedReplicas(weight:desired:)``: enough instances that none carries more load than a
/// stable instance; all desired replicas before 100 %) and wait until they are
/// healthy (progress deadline) -> set the weights -> hold for the step's pause while the analysis runs (a
/// manual pause waits for `turnout promote`) -> next step. `turnout promote --full` jumps to 100 %. At 100 %
/// the stable instances stop (traffic has left them) and the new revision is promoted.
public struct CanaryRollout: RolloutStrategy {
    /// The manifest's settings.
    public let settings: CanaryStrategy
    /// The steps, ending at 100 % (one is added when the manifest's last step is below it).
    public let steps: [CanaryStrategy.Step]
    /// Stop grace for the stable instances.
    public let grace: Duration

    /// Creates a canary rollout.
    public init(_ settings: CanaryStrategy, grace: Duration = .seconds(30)) {
        self.settings = settings
        var steps = settings.steps.map { step in
            var step = step
            step.weight = min(100, max(0, step.weight))
            return step
        }
        if steps.last?.weight != 100 { steps.append(CanaryStrategy.Step(weight: 100, analysis: false)) }
        self.steps = steps
        self.grace = grace
    }

    /// Rolls back by setting all weight on the stable revision.
    public var rollbackPlan: RollbackPlan {
        RollbackPlan(routing: .weights, grace: grace, deadline: settings.progressDeadline.duration)
    }

    /// Canary instances step `index` needs with `desired` replicas: `canary_replicas` when the manifest pins
    /// it, else ``loadMatchedReplicas(weight:desired:)``; all of them at 100 %. Never above `desired`.
    public func replicas(forStep index: Int, desired: Int) -> Int {
        let weight = steps[index].weight
        if weight >= 100 { return desired }
        if let fixed = settings.canaryReplicas { return min(desired, max(1, fixed)) }
        return Self.loadMatchedReplicas(weight: weight, desired: desired)
    }

    /// The fewest canary instances (at least 1, at most `desired`) at which each carries no more load than a
    /// stable instance while `weight` percent of the traffic goes to the canary and the rest to the `desired`
    /// stable instances: `ceil(desired × weight / (100 − weight))`. Each canary instance then takes
    /// `weight / c` percent against `(100 − weight) / desired` for a stable one, so latencies are compared
    /// at equal (or lighter) load up to 50 %; above it the cap leaves the canary more loaded, and the
    /// comparison judge, which knows the routing weights, does not compare latencies it would skew.
    ///
    /// It is at least Argo Rollouts' `ceil(weight × desired)`, which keeps each canary instance near a stable
    /// instance's load before the rollout; here the comparison runs against stable instances during it.
    public static func loadMatchedReplicas(weight: Int, desired: Int) -> Int {
        guard desired > 0 else { return 1 }
        guard weight > 0 else { return 1 }
        guard weight < 100 else { return desired }
        let needed = (desired * weight + (100 - weight) - 1) / (100 - weight)
        return min(desired, max(1, needed))
    }

    /// The next decision.
    public func next(_ observation: Observation) -> Decision {
        let o: Observation
        switch RolloutOpening.open(observation, plan: rollbackPlan) {
        case .decided(let decision): return decision
        case .proceed(let opened): o = opened
        }
        let canary = o.newRevision
        var draft = DecisionDraft(progress: o.progress)
        if draft.progress.phase == .pending { draft.move(to: .scaling, step: 0, finished: "canary of \(canary) started") }
        if let bad = o.failing(canary).first {
            return rollbackPlan.begin(o, reason: "canary instance \(bad.id) is \(bad.state.rawValue)")
        }
        let last = steps.count - 1
        let index = min(max(0, draft.progress.step), last)
        if draft.progress.promoteFull, draft.progress.phase != .retiringStable, index != last {
            draft.move(to: .scaling, step: last, finished: "promote --full: skipping to the last step")
            return draft.continuing("promoting \(canary) fully: scaling to all replicas")
        }
        switch draft.progress.phase {
        case .scaling: return scale(o, index, &draft)
        case .holding: return hold(o, index, &draft)
        case .retiringStable: return retireStable(o, &draft)
        default:
            draft.move(to: .scaling, step: index, finished: "resuming the canary at step \(index + 1) (it was \(draft.progress.summary))")
            return draft.waiting([.observeAgain], "resuming canary at step \(index + 1)")
        }
    }

    /// Brings the canary to the size step `index` needs, then sets the step's weight.
    private func scale(_ o: Observation, _ index: Int, _ draft: inout DecisionDraft) -> Decision {
        let canary = o.newRevision, stable = o.stableRevision
        let need = replicas(forStep: index, desired: o.desiredReplicas)
        let live = o.live(canary), healthy = o.healthy(canary)
        if live.count < need {
            draft.add(.startInstances(revision: canary, count: need - live.count))
            return draft.waiting([.observeAgain], "starting \(need - live.count) canary instance(s) for step \(index + 1)")
        }
        if healthy.count < need {
            if o.stepElapsed > settings.progressDeadline.duration {
                return rollbackPlan.begin(
                    o, reason: "canary \(healthy.count)/\(need) healthy after \(settings.progressDeadline)")
            }
            return draft.waiting([.observeAgain], "waiting for canary: \(healthy.count)/\(need) healthy")
        }
        let weight = steps[index].weight
        if weight < 100, o.healthy(stable).isEmpty {
            let why = "stable \(stable) has no healthy instance; not sending it \(100 - weight)% of traffic"
            draft.progress.phase = .halted
            draft.progress.reason = why
            draft.add(.halt(reason: why))
            return draft.decision("halted: \(why)")
        }
        draft.add(.setWeights(Self.weights(canary: canary, stable: stable, percent: weight)))
        draft.move(to: .holding, step: index, finished: "canary scaled for step \(index + 1) (\(weight)%)")
        return draft.continuing("step \(index + 1): \(weight)% to \(canary)")
    }

    /// Holds step `index`: its pause (or manual gate) and its analysis.
    private func hold(_ o: Observation, _ index: Int, _ draft: inout DecisionDraft) -> Decision {
        let canary = o.newRevision, step = steps[index]
        if o.traffic.percent(of: canary, instances: o.instances) != step.weight {
            if o.healthy(canary).isEmpty { return rollbackPlan.begin(o, reason: "no healthy canary instance") }
            draft.add(.setWeights(Self.weights(canary: canary, stable: o.stableRevision, percent: step.weight)))
            return draft.waiting([.observeAgain], "step \(index + 1): setting \(step.weight)% to \(canary)")
        }
        let promoted = draft.progress.promoteRequested
        var waits: [Action] = []
        var done = true
        var gateReason: String?
        if step.analysis, let policy = settings.analysis {
            let gate = AnalysisGate(
                request: AnalysisRequest(
                    purpose: .canaryStep, policy: policy, candidate: canary,
                    baseline: policy.compareWithStable ? o.stableRevision : nil))
            switch gate.standing(o) {
            case .failed(let reason): return rollbackPlan.begin(o, reason: "step \(index + 1): \(reason)")
            case .needsOperator(let reason):
                draft.add(.pauseForOperator(reason: reason))
                return draft.decision("paused at step \(index + 1) (\(step.weight)%): \(reason)")
            case .passing: break
            case .undecided: done = promoted
            }
            if let wait = draft.measureIfDue(gate, o) { waits.append(wait) }
        }
        switch step.pause {
        case .duration(let span):
            if o.stepElapsed < span.duration, !promoted {
                done = false
                waits.append(.waitUntil(o.rolloutElapsed + (span.duration - o.stepElapsed)))
            }
        case .manual:
            if !promoted {
                done = false
                gateReason = gateReason ?? "step \(index + 1) (\(step.weight)%) is a manual gate; run `turnout promote`"
            }
        }
        if let reason = gateReason, !promoted {
            draft.add(.pauseForOperator(reason: reason))
            if !waits.isEmpty { draft.add(DecisionDraft.earliest(waits)) }
            return draft.decision("paused at step \(index + 1) (\(step.weight)%): \(reason)")
        }
        if !done {
            return draft.waiting(waits, "holding step \(index + 1) at \(step.weight)% to \(canary)")
        }
        draft.progress.promoteRequested = false
        if index == steps.count - 1 {
            draft.move(to: .retiringStable, step: index, finished: "step \(index + 1) (\(step.weight)%) passed")
            return retireStable(o, &draft)
        }
        draft.move(to: .scaling, step: index + 1, finished: "step \(index + 1) (\(step.weight)%) passed")
        return draft.continuing("step \(index + 1) passed; scaling for step \(index + 2)")
    }

    /// Stops the stable instances once all traffic is observed on the canary; then promotes.
    private func retireStable(_ o: Observation, _ draft: inout DecisionDraft) -> Decision {
        let canary = o.newRevision, stable = o.stableRevision
        if o.traffic.percent(of: canary, instances: o.instances) != 100 {
            draft.add(.setWeights(Self.weights(canary: canary, stable: stable, percent: 100)))
            return draft.continuing("moving all traffic to \(canary)")
        }
        let stableLive = o.live(stable)
        if stableLive.isEmpty {
            draft.progress.phase = .promoted
            draft.add(.promote(canary))
            return draft.decision("rolled out \(canary): 100% of traffic, stable stopped")
        }
        draft.add(.stopInstances(stableLive.map(\.id), grace: grace))
        return draft.continuing("stopping \(stableLive.count) \(stable) instance(s)")
    }

    /// The weights for `percent` to the canary, listing only revisions that get traffic.
    static func weights(canary: RevisionID, stable: RevisionID, percent: Int) -> [TrafficWeight] {
        [TrafficWeight(revision: canary, percent: percent), TrafficWeight(revision: stable, percent: 100 - percent)]
            .filter { $0.percent > 0 }
    }
}
