import TurnoutManifest

/// A rolling update: new instances replace old ones a batch at a time, within max surge (extra instances)
/// and max unavailable (healthy serving instances below the desired count).
///
/// Each batch: start new instances (``RolloutProgress/step`` becomes the number of new instances the batch
/// brings the total to) -> wait until they are healthy (progress deadline) -> add them to the upstream set
/// and take as many old instances out of it -> stop those old instances once the observed upstream no longer
/// has them -> settle (pause between batches, analysis) -> next batch; with analysis the last batch settles
/// too before the new revision is promoted. With `routing: .none` (workers) there
/// is no upstream: new consumers start and become healthy before old ones are drained.
public struct RollingRollout: RolloutStrategy {
    /// The manifest's settings.
    public let settings: RollingStrategy
    /// `.upstream` for web services, `.none` for workers.
    public let routing: RollbackPlan.Routing
    /// Stop grace (web) or drain timeout (workers).
    public let grace: Duration

    /// Creates a rolling rollout.
    public init(_ settings: RollingStrategy, routing: RollbackPlan.Routing = .upstream, grace: Duration = .seconds(30)) {
        self.settings = settings
        self.routing = routing == .none ? .none : .upstream
        self.grace = grace
    }

    /// Rolls back through the upstream set (or by draining, for workers).
    public var rollbackPlan: RollbackPlan {
        RollbackPlan(routing: routing, grace: grace, deadline: settings.progressDeadline.duration)
    }

    /// Max surge and max unavailable for `desired` replicas: surge rounds up, unavailable down; both zero
    /// would never progress, so surge becomes 1; workers never go below the desired count (surge at least 1).
    public func limits(desired: Int) -> (surge: Int, unavailable: Int) {
        var surge = max(0, settings.maxSurge.resolve(replicas: desired, roundUp: true))
        var unavailable = min(desired, max(0, settings.maxUnavailable.resolve(replicas: desired, roundUp: false)))
        if routing == .none {
            unavailable = 0
            surge = max(surge, 1)
        }
        if surge == 0 && unavailable == 0 { surge = 1 }
        return (surge, unavailable)
    }

    /// The next decision.
    public func next(_ observation: Observation) -> Decision {
        let o: Observation
        switch RolloutOpening.open(observation, plan: rollbackPlan) {
        case .decided(let decision): return decision
        case .proceed(let opened): o = opened
        }
        let new = o.newRevision, old = o.stableRevision, desired = o.desiredReplicas
        let (surge, unavailable) = limits(desired: desired)
        var draft = DecisionDraft(progress: o.progress)
        if draft.progress.phase == .pending { draft.move(to: .settling, step: 0, finished: "rolling update of \(new) started") }

        if let bad = o.failing(new).first {
            return rollbackPlan.begin(o, reason: "new instance \(bad.id) is \(bad.state.rawValue)")
        }
        let newLive = o.live(new), newHealthy = o.healthy(new), newStarting = o.starting(new)
        if !newStarting.isEmpty, o.stepElapsed > settings.progressDeadline.duration {
            return rollbackPlan.begin(
                o, reason: "\(newStarting.count) new instance(s) not healthy within \(settings.progressDeadline)")
        }

        // The upstream set as observed; without one yet, set it before anything else.
        var members: Set<InstanceID> = []
        if routing == .upstream {
            guard case .upstream(let observed) = o.traffic else {
                let healthy = o.instances.filter { $0.state == .healthy }.map(\.id)
                draft.add(.setUpstream(healthy))
                return draft.continuing("setting the upstream set before the rolling update")
            }
            members = observed
        }
        let oldLive = o.live(old)
        let oldServing = oldLive.filter { $0.state == .healthy && (routing == .none || members.contains($0.id)) }
        let oldIdle = routing == .none ? [] : oldLive.filter { !members.contains($0.id) }

        // All replaced: promote, once the last batch has settled too when there is analysis (its pause and a
        // passing measurement of the whole new revision, workers included).
        let replaced = oldLive.isEmpty && newStarting.isEmpty && newHealthy.count >= desired
            && (routing == .none || members == Set(newHealthy.map(\.id)))
        if replaced, settings.analysis == nil || draft.progress.phase == .settling {
            if settings.analysis != nil, draft.progress.step > 0 {
                switch settle(o, &draft) {
                case .rollback(let reason): return rollbackPlan.begin(o, reason: reason)
                case .hold(let decision): return decision
                case .done: break
                }
            }
            draft.progress.phase = .promoted
            draft.add(.promote(new))
            return draft.decision("rolled out \(new): \(newHealthy.count)/\(desired) healthy")
        }

        // Settling: hold for the pause and the analysis before the next batch (none before the first).
        var ready = draft.progress.phase == .replacing ? false : true
        if draft.progress.phase == .settling, draft.progress.step > 0 {
            switch settle(o, &draft) {
            case .rollback(let reason): return rollbackPlan.begin(o, reason: reason)
            case .hold(let decision): return decision
            case .done: ready = true
            }
        }

        // Traffic: healthy new instances join the upstream; old ones leave it, oldest first — only the excess
        // over the desired count, or (when nothing else can start) as many as max unavailable allows.
        let serving = oldServing.count + newHealthy.count
        let room = desired + surge - (oldLive.count + newLive.count)
        let needRoom = ready && newStarting.isEmpty && newLive.count < desired && room <= 0
        let floor = desired - unavailable
        let retire = min(oldServing.count, max(0, serving - desired, needRoom ? serving - floor : 0))
        let keptOld = oldServing.dropFirst(retire)
        let retired = Array(oldServing.prefix(retire))
        var stops: [Instance] = oldIdle
        if routing == .upstream {
            let wanted = keptOld.map(\.id) + newHealthy.map(\.id)
            if members != Set(wanted) { draft.add(.setUpstream(wanted)) }
        } else {
            stops += retired
        }
        if !stops.isEmpty {
            let ids = stops.map(\.id)
            draft.add(routing == .none ? .drainWorkers(ids, timeout: grace) : .stopInstances(ids, grace: grace))
        }

        // The next batch starts once the last is settled, within max surge.
        let oldRemaining = oldLive.count - stops.count
        let count = min(desired - newLive.count, desired + surge - (oldRemaining + newLive.count))
        if ready, newStarting.isEmpty, count > 0 {
            draft.add(.startInstances(revision: new, count: count))
            draft.progress.promoteRequested = false
            draft.move(
                to: .replacing, step: newLive.count + count,
                finished: "next batch: \(newLive.count + count)/\(desired) instance(s) of \(new)")
            return draft.waiting(
                [.observeAgain], "starting \(count) \(new) instance(s) (\(newLive.count + count)/\(desired) new)")
        }
        let batchDone = draft.progress.phase == .replacing && newStarting.isEmpty
            && newHealthy.count >= draft.progress.step && retire == 0 && stops.isEmpty
            && (routing == .none || members == Set(oldServing.map(\.id) + newHealthy.map(\.id)))
        if batchDone {
            draft.move(to: .settling, step: draft.progress.step, finished: "batch done: \(draft.progress.step)/\(desired) instance(s) of \(new) serving")
        }
        // Routing and stopping are done when executed; only instances still starting need a poll.
        let status = "rolling \(new): \(newHealthy.count)/\(desired) new healthy, \(newStarting.count) starting, \(oldLive.count) old live"
        return newStarting.isEmpty ? draft.continuing(status) : draft.waiting([.observeAgain], status)
    }

    private enum Settling {
        case rollback(String)
        case hold(Decision)
        case done
    }

    /// The pause between batches and the analysis, while settling.
    private func settle(_ o: Observation, _ draft: inout DecisionDraft) -> Settling {
        var waits: [Action] = []
        var done = true
        let pause = settings.pauseBetweenBatches.duration
        if o.stepElapsed < pause {
            done = false
            waits.append(.waitUntil(o.rolloutElapsed + (pause - o.stepElapsed)))
        }
        if let policy = settings.analysis {
            let gate = AnalysisGate(
                request: AnalysisRequest(
                    purpose: .betweenBatches, policy: policy, candidate: o.newRevision,
                    baseline: policy.compareWithStable ? o.stableRevision : nil))
            switch gate.standing(o) {
            case .failed(let reason): return .rollback(reason)
            case .needsOperator(let reason):
                draft.add(.pauseForOperator(reason: reason))
                return .hold(draft.decision("paused: \(reason)"))
            case .passing: break
            case .undecided: done = false
            }
            if !done {
                if let wait = draft.measureIfDue(gate, o) { waits.append(wait) }
            }
        }
        if done { return .done }
        return .hold(draft.waiting(waits, "settling after batch to \(draft.progress.step) new instance(s)"))
    }
}
