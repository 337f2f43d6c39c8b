import TurnoutManifest

/// Blue-green: the full new set (green) starts beside the running one (blue); once all of green is healthy
/// (and passes pre-promotion analysis, if any) and is promoted — automatically after `autoPromoteAfter`, or by
/// `turnout promote` — all traffic switches at once. Blue keeps running through post-promotion analysis and
/// the scale-down delay, so a failure switches straight back; then blue stops and green is promoted.
public struct BlueGreenRollout: RolloutStrategy {
    /// The manifest's settings.
    public let settings: BlueGreenStrategy
    /// Stop grace for blue's instances.
    public let grace: Duration

    /// Creates a blue-green rollout.
    public init(_ settings: BlueGreenStrategy, grace: Duration = .seconds(30)) {
        self.settings = settings
        self.grace = grace
    }

    /// Rolls back by switching the active set back to blue.
    public var rollbackPlan: RollbackPlan {
        RollbackPlan(routing: .active, grace: grace, deadline: settings.progressDeadline.duration)
    }

    /// The next decision.
    public func next(_ observation: Observation) -> Decision {
        let o: Observation
        switch RolloutOpening.open(observation, plan: rollbackPlan) {
        case .decided(let decision): return decision
        case .proceed(let opened): o = opened
        }
        let green = o.newRevision, blue = o.stableRevision, desired = o.desiredReplicas
        var draft = DecisionDraft(progress: o.progress)
        if draft.progress.phase == .pending { draft.move(to: .startingGreen, finished: "blue-green deploy of \(green) started") }
        if let bad = o.failing(green).first {
            return rollbackPlan.begin(o, reason: "green instance \(bad.id) is \(bad.state.rawValue)")
        }
        let live = o.live(green), healthy = o.healthy(green)

        switch draft.progress.phase {
        case .startingGreen:
            if live.count < desired {
                draft.add(.startInstances(revision: green, count: desired - live.count))
                return draft.waiting([.observeAgain], "starting green \(green): \(desired - live.count) instance(s)")
            }
            if healthy.count < desired {
                if o.stepElapsed > settings.progressDeadline.duration {
                    return rollbackPlan.begin(
                        o, reason: "green \(healthy.count)/\(desired) healthy after \(settings.progressDeadline)")
                }
                return draft.waiting([.observeAgain], "waiting for green: \(healthy.count)/\(desired) healthy")
            }
            if settings.prePromotionAnalysis != nil {
                draft.move(to: .prePromotionAnalysis, finished: "green \(green) healthy")
            } else {
                draft.move(to: .awaitingPromotion, finished: "green \(green) healthy")
            }
            return draft.continuing("green \(green) healthy: \(healthy.count)/\(desired)")

        case .prePromotionAnalysis:
            guard let policy = settings.prePromotionAnalysis else {
                draft.move(to: .awaitingPromotion, finished: "green ready (no pre-promotion analysis)")
                return draft.continuing("green ready")
            }
            let gate = AnalysisGate(
                request: AnalysisRequest(
                    purpose: .prePromotion, policy: policy, candidate: green,
                    baseline: policy.compareWithStable ? blue : nil))
            switch gate.standing(o) {
            case .failed(let reason): return rollbackPlan.begin(o, reason: "pre-promotion \(reason)")
            case .needsOperator(let reason):
                draft.add(.pauseForOperator(reason: reason))
                return draft.decision("paused: \(reason)")
            case .passing:
                draft.progress.promoteRequested = false
                draft.move(to: .awaitingPromotion, finished: "pre-promotion analysis passed")
                return draft.continuing("green passed pre-promotion analysis")
            case .undecided:
                let wait = draft.measureIfDue(gate, o)
                return draft.waiting(wait.map { [$0] } ?? [], "pre-promotion analysis of \(green)")
            }

        case .awaitingPromotion:
            let promoted = draft.progress.promoteRequested || draft.progress.promoteFull
            if !promoted {
                guard settings.autoPromote else {
                    draft.add(.pauseForOperator(reason: "green \(green) is ready; run `turnout promote` to switch traffic"))
                    return draft.decision("waiting for `turnout promote` to switch to \(green)")
                }
                let delay = settings.autoPromoteAfter.duration
                if o.stepElapsed < delay {
                    return draft.waiting(
                        [.waitUntil(o.rolloutElapsed + (delay - o.stepElapsed))],
                        "switching to \(green) after \(settings.autoPromoteAfter)")
                }
            }
            draft.progress.promoteRequested = false
            draft.add(.switchActive(to: green))
            draft.move(to: .switched, finished: "traffic switched to green \(green)")
            return draft.continuing("switching all traffic to \(green)")

        case .switched:
            if o.traffic != .active(green) {
                draft.add(.switchActive(to: green))
                return draft.waiting([.observeAgain], "switching all traffic to \(green)")
            }
            var waits: [Action] = []
            var done = true
            if let policy = settings.postPromotionAnalysis {
                let gate = AnalysisGate(
                    request: AnalysisRequest(
                        purpose: .postPromotion, policy: policy, candidate: green, baseline: nil))
                switch gate.standing(o) {
                case .failed(let reason): return rollbackPlan.begin(o, reason: "post-promotion \(reason)")
                case .needsOperator(let reason):
                    draft.add(.pauseForOperator(reason: reason))
                    return draft.decision("paused: \(reason)")
                case .passing: break
                case .undecided:
                    done = false
                }
                if !done || o.stepElapsed < settings.scaleDownDelay.duration, let wait = draft.measureIfDue(gate, o) {
                    waits.append(wait)
                }
            }
            let delay = settings.scaleDownDelay.duration
            if o.stepElapsed < delay {
                done = false
                waits.append(.waitUntil(o.rolloutElapsed + (delay - o.stepElapsed)))
            }
            if !done { return draft.waiting(waits, "traffic on \(green); blue \(blue) kept for switching back") }
            draft.move(to: .retiringStable, finished: "post-promotion hold over: retiring blue \(blue)")
            return retireBlue(o, &draft)

        case .retiringStable:
            return retireBlue(o, &draft)

        default:
            draft.move(to: .startingGreen, finished: "restarting the blue-green sequence (it was \(draft.progress.summary))")
            return draft.waiting([.observeAgain], "restarting the blue-green sequence")
        }
    }

    /// Stops blue once traffic is on green; promotes when no blue instance is left.
    private func retireBlue(_ o: Observation, _ draft: inout DecisionDraft) -> Decision {
        let blueLive = o.live(o.stableRevision)
        if blueLive.isEmpty {
            draft.progress.phase = .promoted
            draft.add(.promote(o.newRevision))
            return draft.decision("rolled out \(o.newRevision); blue stopped")
        }
        draft.add(.stopInstances(blueLive.map(\.id), grace: grace))
        return draft.continuing("stopping blue \(o.stableRevision): \(blueLive.count) instance(s)")
    }
}
