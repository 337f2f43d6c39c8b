import Foundation
import Testing
import TurnoutManifest
import TurnoutStrategies

/// The rollback plan on its own, as `turnout rollback` and crash recovery use it.
struct RollbackPlanTests {
    static let weights = RollbackPlan(routing: .weights, grace: Fixture.grace, deadline: .seconds(60))
    static let upstream = RollbackPlan(routing: .upstream, grace: Fixture.grace, deadline: .seconds(60))

    @Test func trafficMovesBackBeforeAnythingStopsThenItCompletes() {
        let begun = Self.weights.begin(
            Fixture.observe(old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 25), phase: .holding),
            reason: "operator rollback")
        #expect(begun.actions == [
            .beginRollback(reason: "operator rollback"), .markStepComplete("rollback started while holding canary step 1"),
            .setWeights([TrafficWeight(revision: "v1", percent: 100)]),
        ])
        let stopping = Self.weights.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 0), progress: begun.progress))
        #expect(stopping.actions == [.stopInstances(Fixture.ids("v2-1"), grace: Fixture.grace)])
        let done = Self.weights.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.stopping], traffic: Fixture.weights(canary: 0), progress: begun.progress))
        #expect(done.actions == [.rollbackComplete(reason: "operator rollback")])
        #expect(done.progress.phase == .rolledBack)
    }

    /// The step a rollback finishes is named in words from every phase it can start in (a `turnout rollback`
    /// after a crash starts from `pending`), never as `phase#step`.
    @Test(arguments: RolloutProgress.Phase.allCases)
    func theStepARollbackEndsIsNamedInWords(phase: RolloutProgress.Phase) {
        let begun = Self.upstream.begin(
            Fixture.observe(old: [.healthy, .healthy, .healthy], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3"),
                            phase: phase, step: 1),
            reason: "operator rollback")
        let labels = begun.actions.compactMap { action -> String? in
            if case .markStepComplete(let label) = action { return label } else { return nil }
        }
        #expect(labels.count == 1)
        let label = labels.first ?? ""
        #expect(label.hasPrefix("rollback started"))
        #expect(!label.contains("#"), "\(label)")
        #expect(phase.rawValue.allSatisfy(\.isLowercase) || !label.contains(phase.rawValue), "\(label)")
        #expect(label == (phase == .pending ? "rollback started" : "rollback started while \(RolloutProgress(phase: phase, step: 1).summary)"))
    }

    @Test(arguments: [
        [Instance.State.crashed, .crashed, .crashed], [.unhealthy, .crashed, .stopped], [.unhealthy, .unhealthy, .unhealthy],
    ])
    func anUnhealthyStableHaltsInsteadOfTakingTraffic(stable: [Instance.State]) {
        let decision = Self.weights.begin(
            Fixture.observe(old: stable, new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding),
            reason: "analysis failed")
        #expect(decision.isTerminal)
        #expect(decision.progress.phase == .halted)
        #expect(!decision.actions.contains { if case .setWeights = $0 { return true } else { return false } })
        #expect(!decision.actions.contains { if case .stopInstances = $0 { return true } else { return false } })
    }

    @Test func aScaledDownStableIsRestartedWhileNewInstancesKeepServing() {
        let observation = Fixture.observe(
            old: [.stopped, .stopped, .healthy], new: [.healthy, .healthy], traffic: Fixture.upstream("v1-3", "v2-1", "v2-2"),
            progress: RolloutProgress(phase: .rollingBack, reason: "operator rollback"))
        let first = Self.upstream.next(observation)
        #expect(first.actions == [.startInstances(revision: "v1", count: 2), .observeAgain])
        var later = observation
        later.instances += Fixture.instances("v1", [.healthy, .starting], from: 4)
        let second = Self.upstream.next(later)
        // One stable instance is back: one new instance leaves the upstream, the other still fills in.
        #expect(second.actions == [.setUpstream(Fixture.ids("v1-3", "v1-4", "v2-2")), .observeAgain])
    }

    @Test func restartedStableThatNeverBecomesHealthyHalts() {
        let decision = Self.upstream.next(Fixture.observe(
            old: [.starting, .starting], new: [.healthy, .healthy], traffic: Fixture.upstream("v2-1", "v2-2"),
            stepElapsed: .seconds(61), progress: RolloutProgress(phase: .rollingBack, reason: "operator rollback")))
        #expect(decision.actions == [
            .halt(reason: "cannot roll back to v1: no healthy instance (0 failing, 2 starting); traffic left as it is"),
        ])
    }

    @Test func aTerminalProgressRepeatsItsEnd() {
        let rollout = makeRollout(for: .canary(CanaryStrategy()), service: Fixture.web)
        let decision = rollout.next(Fixture.observe(
            old: [.healthy], traffic: Fixture.weights(canary: 0),
            progress: RolloutProgress(phase: .rolledBack, reason: "aborted by operator")))
        #expect(decision.actions == [.rollbackComplete(reason: "aborted by operator")])
    }

    @Test func decisionsAndObservationsSurviveJSON() throws {
        let request = AnalysisRequest(
            purpose: .canaryStep, policy: AnalysisPolicy(inconclusive: .retry, metrics: [.latencyP95, .errorRate]),
            candidate: "v2", baseline: "v1")
        let decision = Decision(
            actions: [
                .runAnalysis(request), .setWeights([TrafficWeight(revision: "v2", percent: 10)]), .waitUntil(.seconds(5)),
                .drainWorkers(Fixture.ids("w-1"), timeout: .seconds(30)), .halt(reason: "x"),
            ],
            progress: RolloutProgress(phase: .holding, step: 2, lastCommand: 3, promoteRequested: true), status: "s")
        let data = try JSONEncoder().encode(decision)
        #expect(try JSONDecoder().decode(Decision.self, from: data) == decision)
        let observation = Fixture.observe(
            old: [.healthy], new: [.starting], traffic: Fixture.upstream("v1-1"), verdicts: [Fixture.unclear(at: 3)],
            commands: [.promoteFull])
        #expect(try JSONDecoder().decode(Observation.self, from: JSONEncoder().encode(observation)) == observation)
    }
}
