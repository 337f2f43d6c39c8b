/// Returns a service to a target revision (normally the stable one), traffic first: traffic moves to healthy
/// target instances before any other instance stops, and never onto a target with no healthy instance — then
/// the plan halts instead. Pure: used by every strategy, by `turnout rollback` and by crash recovery.
///
/// A rollback spans several observations: top up the target if it was scaled down (rolling), move traffic,
/// stop the other revision's instances once the observed routing no longer sends them anything, and finish
/// with ``Action/rollbackComplete(reason:)`` when only the target runs.
public struct RollbackPlan: Sendable, Hashable {
    /// How the service's traffic is routed, which decides the traffic actions.
    public enum Routing: String, Sendable, Hashable, Codable {
        /// An upstream set of instances (rolling updates of web services).
        case upstream
        /// Weights per revision (canary).
        case weights
        /// One active revision (blue-green).
        case active
        /// No traffic: queue workers, drained instead of stopped.
        case none
    }

    /// How traffic is routed.
    public var routing: Routing
    /// Grace (web) or drain timeout (workers) for each stop: the service's stop timeout.
    public var grace: Duration
    /// How long restarted target instances may take to become healthy.
    public var deadline: Duration

    /// Creates a plan.
    public init(routing: Routing, grace: Duration, deadline: Duration) {
        self.routing = routing
        self.grace = grace
        self.deadline = deadline
    }

    /// Starts rolling back to the observation's stable revision for `reason`: records the reason, restarts the
    /// step clock, and takes the first actions.
    public func begin(_ observation: Observation, reason: String) -> Decision {
        var observation = observation
        let finished = observation.progress.phase == .pending
            ? "rollback started" : "rollback started while \(observation.progress.summary)"
        observation.progress.phase = .rollingBack
        observation.progress.step = 0
        observation.progress.reason = reason
        let next = self.next(observation)
        return Decision(
            actions: [.beginRollback(reason: reason), .markStepComplete(finished)] + next.actions,
            progress: next.progress, status: next.status)
    }

    /// The next actions of a rollback already begun (`observation.progress.reason` says why) toward the
    /// observation's stable revision.
    public func next(_ observation: Observation) -> Decision {
        var draft = DecisionDraft(progress: observation.progress)
        draft.progress.phase = .rollingBack
        let reason = observation.progress.reason ?? "rollback"
        let target = observation.stableRevision
        let desired = observation.desiredReplicas
        let live = observation.live(target)
        let healthy = observation.healthy(target)
        let failing = observation.failing(target)
        let others = observation.instances.filter { $0.revision != target && $0.state.isLive }
        let pastDeadline = observation.stepElapsed > deadline

        var starting = observation.starting(target).count
        if failing.isEmpty, live.count < desired, !pastDeadline {
            draft.add(.startInstances(revision: target, count: desired - live.count))
            starting += desired - live.count
        }
        guard !healthy.isEmpty else {
            if starting > 0, !pastDeadline {
                return draft.waiting([.observeAgain], "rolling back (\(reason)): waiting for \(target) to become healthy")
            }
            let why = "cannot roll back to \(target): no healthy instance (\(failing.count) failing, \(starting) starting); "
                + "traffic left as it is"
            draft.progress.phase = .halted
            draft.progress.reason = why
            draft.add(.halt(reason: why))
            return draft.decision("halted: \(why)")
        }

        // Traffic first, onto healthy target instances only; in an upstream set (or a worker pool) keep just
        // enough healthy others to hold the desired capacity while target instances are still starting.
        let keepsOthers = routing == .upstream || routing == .none
        let need = keepsOthers ? max(0, min(desired - healthy.count, starting)) : 0
        let keep = Array(others.filter { $0.state == .healthy && carries($0, observation) }.suffix(need))
        let keepIDs = Set(keep.map(\.id))
        var routed = true
        switch routing {
        case .weights:
            let wanted = [TrafficWeight(revision: target, percent: 100)]
            if observation.traffic.percent(of: target, instances: observation.instances) != 100 {
                draft.add(.setWeights(wanted))
                routed = false
            }
        case .active:
            if observation.traffic != .active(target) {
                draft.add(.switchActive(to: target))
                routed = false
            }
        case .upstream:
            let wanted = healthy.map(\.id) + keep.map(\.id)
            if observation.traffic != .upstream(Set(wanted)) {
                draft.add(.setUpstream(wanted))
                routed = false
            }
        case .none:
            break
        }

        // Stop what the observed routing already sends nothing to.
        let leaving = others.filter { !keepIDs.contains($0.id) && stoppable($0, observation) }
        if !leaving.isEmpty {
            let ids = leaving.map(\.id)
            draft.add(routing == .none ? .drainWorkers(ids, timeout: grace) : .stopInstances(ids, grace: grace))
        }
        let stillStarting = observation.starting(target).count
        if routed, others.isEmpty, stillStarting == 0 || pastDeadline {
            draft.progress.phase = .rolledBack
            draft.add(.rollbackComplete(reason: reason))
            return draft.decision("rolled back to \(target) (\(healthy.count)/\(desired) healthy): \(reason)")
        }
        // Routing and stopping are done when executed; only target instances starting need a poll.
        let status = "rolling back to \(target) (\(reason)): \(healthy.count)/\(desired) healthy, \(others.count) other instance(s) left"
        return starting == 0 ? draft.continuing(status) : draft.waiting([.observeAgain], status)
    }

    /// Whether `instance` does work now: the observed routing sends it requests, or it is a worker (which
    /// consumes jobs until drained).
    private func carries(_ instance: Instance, _ observation: Observation) -> Bool {
        routing == .none || observation.traffic.routes(to: instance)
    }

    /// Whether `instance` may be stopped now: workers at any time, web instances once no traffic reaches them.
    private func stoppable(_ instance: Instance, _ observation: Observation) -> Bool {
        routing == .none || !observation.traffic.routes(to: instance)
    }
}
