import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// Runs one service's rollout to its end: observe (instances, health, routing, verdicts, clocks, operator
/// commands), ask the strategy for a decision, store it, carry out its actions, and again. The strategy is
/// pure; this loop is the only place with side effects, and it writes each action to the store before and
/// after running it.
struct ServiceRollout {
    /// How the rollout ended.
    enum Outcome: Equatable {
        case promoted
        case rolledBack(String)
        case halted(String)
    }

    let deployID: Int64
    let service: Service
    let manifest: Manifest
    let strategy: any RolloutStrategy
    let stable: RevisionRecord?
    let candidate: RevisionRecord
    let fleet: ServiceFleet
    let traffic: TrafficController
    let store: any StateStore
    let analysis: any AnalysisRunner
    let journal: DeployJournal
    /// The environment of the candidate's instances (with this deploy's overrides).
    let environment: [EnvironmentVariable]
    /// The environment of the stable revision's instances.
    let stableEnvironment: [EnvironmentVariable]
    /// The router's request log, when it keeps one.
    let accessLogPath: String?
    /// The platform's resource counters, when it has them.
    let resources: (any ResourceReader)?
    /// How to ask the manifest's Prometheus, when it has one.
    let prometheus: PrometheusQuerySource.Settings?
    /// How often the loop looks again while it waits (for crashes, operator commands, routing to check); a
    /// probe that changes an instance's state wakes it at once.
    var pollInterval: Duration = .milliseconds(250)
    /// The longest the loop sleeps inside a wait the strategy asked for (`waitUntil`: a blue-green scale-down
    /// delay, a canary pause) while no instance is starting; see ``deadlinePoll``.
    var deadlinePollLimit: Duration = .seconds(1)

    /// How often the loop looks again inside a strategy's wait: probes that change an instance wake it and
    /// the deadline is kept exactly, so it only needs to turn for crashes, operator commands and the next
    /// probe, which a turn starts (never later than the health check's interval, never sooner than the poll).
    var deadlinePoll: Duration { Self.deadlinePoll(healthInterval: service.health?.interval.duration, poll: pollInterval, limit: deadlinePollLimit) }

    /// ``deadlinePoll`` for a health check of `healthInterval` (none: `limit`).
    static func deadlinePoll(healthInterval: Duration?, poll: Duration, limit: Duration) -> Duration {
        max(poll, min(limit, healthInterval ?? limit))
    }

    var stableID: RevisionID { stable.map { RevisionNaming.id($0.number) } ?? RevisionNaming.nothing }
    var candidateID: RevisionID { RevisionNaming.id(candidate.number) }
    var routes: Bool { service.role == .web }

    /// Runs from `saved` (a fresh service, or where a crashed deploy left it).
    func run(from saved: DeployProgress.ServiceProgress) async throws -> Outcome {
        let clock = ContinuousClock()
        let rolloutStart = clock.now - .milliseconds(saved.rolloutElapsedMilliseconds)
        var stepStart = clock.now - .milliseconds(saved.stepElapsedMilliseconds)
        var progress = saved.progress
        var verdicts = saved.verdicts
        var lastStatus = saved.status
        var lastHealth = ""
        var timing = RolloutTiming()
        var mark = clock.now
        var eagerTurns = 0
        /// Charges the time since the last mark to one bucket of `timing`.
        func charge(_ bucket: WritableKeyPath<RolloutTiming, Duration>) {
            let now = clock.now
            timing[keyPath: bucket] += now - mark
            mark = now
        }
        while true {
            timing.turns += 1
            let instances = await fleet.refresh()
            let instancesStarting = instances.contains { $0.state == .starting }
            charge(instancesStarting ? \.startup : \.overhead)
            // Instances that became healthy or failed change what nginx serves: that is routing work.
            if routes, try await traffic.reconcile() { charge(\.routing) }
            let health = healthLine(instances)
            if health.text != lastHealth {
                journal.event(service: service.name, kind: "health", health.text, values: health.values)
                lastHealth = health.text
            }
            let commands = try store.commands(deployID: deployID).compactMap { record in
                OperatorCommand.Kind(rawValue: record.kind).map { OperatorCommand(sequence: record.sequence, kind: $0) }
            }
            let observation = Observation(
                desiredReplicas: service.replicas, stableRevision: stableID, newRevision: candidateID,
                instances: instances.map(\.instance),
                traffic: routes ? await traffic.routing(of: service.name) : .none,
                verdicts: verdicts, rolloutElapsed: clock.now - rolloutStart, stepElapsed: clock.now - stepStart,
                commands: commands, progress: progress)
            var decision = strategy.next(observation)
            if stable == nil, let reason = Self.rollbackReason(decision) {
                // A first deploy has nothing to go back to: take the new instances out and stop them.
                decision = Decision(
                    actions: [.beginRollback(reason: reason), .setUpstream([]),
                              .stopInstances(instances.filter { $0.state != .stopped }.map { InstanceID($0.record.id) }, grace: service.stopTimeout.duration),
                              .rollbackComplete(reason: reason)],
                    progress: decision.progress, status: "first deploy failed: \(reason)")
            }
            let idle = decision.actions.allSatisfy { if case .observeAgain = $0 { true } else if case .waitUntil = $0 { true } else { false } }
            if decision.status != lastStatus {
                journal.event(service: service.name, kind: "status", decision.status)
                lastStatus = decision.status
            }
            var saved = DeployProgress.ServiceProgress(
                progress: decision.progress, rolloutElapsedMilliseconds: (clock.now - rolloutStart).milliseconds,
                stepElapsedMilliseconds: (clock.now - stepStart).milliseconds, verdicts: verdicts, outcome: nil,
                reason: decision.progress.reason, status: decision.status)
            if !idle || decision.progress != progress { try journal.save(service: service.name, saved) }
            var outcome: Outcome?
            charge(\.overhead)
            for action in decision.actions {
                let sequence = idle ? nil : try journal.intend(action, service: service.name)
                do {
                    let effect = try await execute(action, instances: instances, observation: observation)
                    switch action {
                    // Spawning the application's processes is part of its start-up (fork and exec under load).
                    case .startInstances: charge(\.startup)
                    case .stopInstances, .drainWorkers: charge(\.shutdown)
                    case .setWeights, .switchActive, .setUpstream: charge(\.routing)
                    case .runAnalysis: charge(\.analysis)
                    default: charge(\.overhead)
                    }
                    switch effect {
                    case .none: break
                    case .stepComplete:
                        stepStart = clock.now
                        verdicts = []
                    case .verdict(let verdict, let window):
                        verdicts.append(AnalysisVerdict(verdict, at: clock.now - stepStart, window: window))
                    case .finished(let result):
                        outcome = result
                    }
                    if let sequence { try journal.done(sequence, action, service: service.name) }
                } catch {
                    if let sequence { try? journal.failed(sequence, action, service: service.name, error: "\(error)") }
                    throw error
                }
            }
            progress = decision.progress
            if let outcome {
                journal.event(service: service.name, kind: "timing", "time spent: \(timing.text)", values: timing.values)
                let dead = try await fleet.forgetDead()
                if !dead.isEmpty { journal.event(service: service.name, kind: "step", "forgot crashed \(dead.joined(separator: ", "))") }
                saved.progress = progress
                saved.verdicts = verdicts
                saved.outcome = outcome.name
                saved.reason = outcome.reason
                try journal.save(service: service.name, saved)
                return outcome
            }
            // A decision that ends without a wait has more to do at once; one that waits is observed again at
            // the next poll (operator commands, crashes and probe results arrive meanwhile) or at its deadline.
            let starting = instancesStarting || decision.actions.contains { if case .startInstances = $0 { true } else { false } }
            guard let pause = Self.pause(after: decision, elapsed: clock.now - rolloutStart, poll: pollInterval,
                                         deadlinePoll: starting ? pollInterval : deadlinePoll, eager: &eagerTurns) else { continue }
            await Self.sleep(for: pause, orUntilChangeOf: fleet)
            try Task.checkCancellation()
            // The pause is the application's start-up while new instances are starting, else the strategy's
            // wait (a deadline or an operator's gate), else Turnout's own polling.
            charge(starting ? \.startup : Self.waitsByChoice(decision) ? \.waits : \.overhead)
        }
    }

    /// How long to sleep after `decision`: until the earlier of the next poll (`deadlinePoll`, when given, if
    /// the decision only waits for a deadline) and the decision's deadline (`waitUntil`, on the rollout clock
    /// at `elapsed`), or not at all when the decision acted and asked for
    /// no wait. A decision that only pauses for an operator, or does nothing, polls. `eager` counts decisions
    /// in a row that did not wait; after ``eagerLimit`` of them the loop polls anyway, so that a strategy that
    /// never waits cannot spin.
    static func pause(after decision: Decision, elapsed: Duration, poll: Duration, deadlinePoll: Duration? = nil, eager: inout Int) -> Duration? {
        var pause: Duration?
        var acted = false
        for action in decision.actions {
            switch action {
            case .observeAgain, .pauseForOperator: pause = min(pause ?? poll, poll)
            case .waitUntil(let deadline): pause = min(pause ?? (deadlinePoll ?? poll), max(minimumPause, deadline - elapsed))
            default: acted = true
            }
        }
        if pause == nil, acted, eager < eagerLimit {
            eager += 1
            return nil
        }
        eager = 0
        return pause ?? poll
    }

    /// Whether `decision` waits because the strategy's settings say so (a pause, a delay, the next measurement,
    /// an operator's gate), rather than only to look again.
    static func waitsByChoice(_ decision: Decision) -> Bool {
        decision.actions.contains { action in
            switch action {
            case .waitUntil, .pauseForOperator: true
            default: false
            }
        }
    }

    /// Sleeps for `pause`, or less when a probe changes one of `fleet`'s instances meanwhile.
    static func sleep(for pause: Duration, orUntilChangeOf fleet: ServiceFleet) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: pause) }
            group.addTask { await fleet.nextChange() }
            await group.next()
            group.cancelAll()
        }
    }

    /// The shortest sleep before a deadline, so that a deadline just passed cannot make the loop spin.
    static let minimumPause: Duration = .milliseconds(5)

    /// Decisions in a row that may skip the poll.
    static let eagerLimit = 20

    private enum Effect {
        case none
        case stepComplete
        case verdict(AnalysisVerdict.Outcome, window: Duration)
        case finished(Outcome)
    }

    private func execute(_ action: Action, instances: [FleetInstance], observation: Observation) async throws -> Effect {
        switch action {
        case .startInstances(let revision, let count):
            guard let record = revisionRecord(revision) else {
                throw ControllerError("the strategy asked to start instances of \(revision), which is not part of this deploy")
            }
            let started = try await fleet.start(revision: record, count: count, environment: revision == candidateID ? environment : stableEnvironment)
            journal.event(service: service.name, kind: "step", "started \(started.map(\.record.id).joined(separator: ", ")) (\(revision))")
        case .stopInstances(let ids, let grace), .drainWorkers(let ids, timeout: let grace):
            let results = try await fleet.stop(ids.map(\.rawValue), grace: TimeSpan(milliseconds: grace.milliseconds))
            let summary = results.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            journal.event(service: service.name, kind: "step", "stopped \(summary)")
        case .setWeights(let weights):
            try await traffic.set(service.name, .weights(weights))
            journal.event(service: service.name, kind: "traffic", "traffic " + weights.map { "\($0.revision)=\($0.percent)%" }.joined(separator: " "),
                          values: Dictionary(weights.map { ($0.revision.rawValue, Double($0.percent)) }, uniquingKeysWith: +))
        case .switchActive(let revision):
            try await traffic.set(service.name, .active(revision))
            journal.event(service: service.name, kind: "traffic", "all traffic to \(revision)")
        case .setUpstream(let ids):
            guard routes else { break }
            try await traffic.set(service.name, .upstream(Set(ids)))
            journal.event(service: service.name, kind: "traffic", "upstream: \(ids.map(\.rawValue).sorted().joined(separator: ", "))")
        case .runAnalysis(let request):
            let now = Date()
            let context = AnalysisContext(service: service, manifest: manifest, slo: manifest.slo, instances: instances,
                                          accessLogPath: accessLogPath, now: now, prometheus: prometheus,
                                          stepStartedAt: now.addingTimeInterval(-observation.stepElapsed.inSeconds),
                                          routingWeights: routes ? await traffic.weights(of: service.name) : nil, resources: resources)
            let (verdict, warnings) = await analysis.assess(request, context: context)
            let notes = warnings.isEmpty ? "" : " (warning: \(warnings.joined(separator: "; ")))"
            journal.event(service: service.name, kind: "analysis", "analysis (\(request.purpose.summary)) of \(request.candidate): \(Self.describe(verdict))\(notes)")
            return .verdict(verdict, window: request.policy.window.duration)
        case .pauseForOperator(let reason):
            journal.event(service: service.name, kind: "pause", "waiting for an operator: \(reason) (turnout promote / turnout abort)")
        case .markStepComplete(let label):
            journal.event(service: service.name, kind: "step", label)
            return .stepComplete
        case .waitUntil, .observeAgain:
            break
        case .beginRollback(let reason):
            journal.event(service: service.name, kind: "rollback", "rolling back: \(reason)")
        case .promote(let revision):
            journal.event(service: service.name, kind: "outcome", "\(revision) promoted")
            return .finished(.promoted)
        case .rollbackComplete(let reason):
            journal.event(service: service.name, kind: "outcome", "rolled back to \(stableID): \(reason)")
            return .finished(.rolledBack(reason))
        case .halt(let reason):
            journal.event(service: service.name, kind: "outcome", "halted: \(reason)")
            return .finished(.halted(reason))
        }
        return .none
    }

    private func revisionRecord(_ id: RevisionID) -> RevisionRecord? {
        if id == candidateID { return candidate }
        if let stable, id == stableID { return stable }
        return nil
    }

    private func healthLine(_ instances: [FleetInstance]) -> (text: String, values: [String: Double]) {
        var parts: [String] = []
        var values: [String: Double] = [:]
        for revision in [candidateID, stableID] {
            let mine = instances.filter { $0.instance.revision == revision }
            guard !mine.isEmpty else { continue }
            let healthy = mine.filter { $0.state == .healthy }.count
            parts.append("\(revision) \(healthy)/\(mine.count) healthy")
            values["\(revision).healthy"] = Double(healthy)
            values["\(revision).total"] = Double(mine.count)
        }
        let failing = instances.filter { $0.state.isFailing }.compactMap { $0.lastFailure.map { "\($0)" } }
        let text = parts.joined(separator: ", ") + (failing.isEmpty ? "" : " (failing: \(failing.joined(separator: "; ")))")
        return (text.isEmpty ? "no instances" : text, values)
    }

    /// The reason of a decision that starts a rollback, if it does.
    static func rollbackReason(_ decision: Decision) -> String? {
        for action in decision.actions { if case .beginRollback(let reason) = action { return reason } }
        return nil
    }

    static func describe(_ verdict: AnalysisVerdict.Outcome) -> String {
        switch verdict {
        case .pass: return "pass"
        case .fail(let reason): return "FAIL: \(reason)"
        case .breach(let reason): return "FAIL (clear breach, failing at once): \(reason)"
        case .inconclusive(let reason): return "inconclusive: \(reason)"
        }
    }
}

extension ServiceRollout.Outcome {
    var name: String {
        switch self {
        case .promoted: return "promoted"
        case .rolledBack: return "rolled_back"
        case .halted: return "halted"
        }
    }

    var reason: String? {
        switch self {
        case .promoted: return nil
        case .rolledBack(let reason), .halted(let reason): return reason
        }
    }
}
