import Testing
import TurnoutManifest
import TurnoutStrategies

/// Rolling-update decisions, observation by observation (3 replicas, surge 1, unavailable 0 unless stated).
struct RollingRolloutTests {
    static func rollout(
        surge: ScaleAmount = .count(1), unavailable: ScaleAmount = .count(0), pause: TimeSpan = .zero,
        analysis: AnalysisPolicy? = nil, routing: RollbackPlan.Routing = .upstream
    ) -> RollingRollout {
        RollingRollout(
            RollingStrategy(maxSurge: surge, maxUnavailable: unavailable, pauseBetweenBatches: pause, analysis: analysis),
            routing: routing, grace: Fixture.grace)
    }

    @Test(arguments: [
        (ScaleAmount.percent(Percentage(25)), ScaleAmount.percent(Percentage(25)), 3, 1, 0),
        (.percent(Percentage(25)), .percent(Percentage(25)), 4, 1, 1),
        (.percent(Percentage(50)), .percent(Percentage(50)), 3, 2, 1),
        (.count(0), .count(0), 3, 1, 0),
    ])
    func limitsRoundSurgeUpAndUnavailableDown(
        surge: ScaleAmount, unavailable: ScaleAmount, desired: Int, expectedSurge: Int, expectedUnavailable: Int
    ) {
        let limits = Self.rollout(surge: surge, unavailable: unavailable).limits(desired: desired)
        #expect(limits.surge == expectedSurge)
        #expect(limits.unavailable == expectedUnavailable)
    }

    @Test func theFirstBatchStartsWithinSurge() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3")))
        #expect(decision.actions == [
            .markStepComplete("rolling update of v2 started"), .startInstances(revision: "v2", count: 1), .markStepComplete("next batch: 1/3 instance(s) of v2"),
            .observeAgain,
        ])
        #expect(decision.progress == RolloutProgress(phase: .replacing, step: 1))
    }

    @Test func withoutSurgeAnOldInstanceLeavesTheUpstreamBeforeItStops() {
        let rollout = Self.rollout(surge: .count(0), unavailable: .count(1))
        let first = rollout.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3")))
        #expect(first.actions == [.markStepComplete("rolling update of v2 started"), .setUpstream(Fixture.ids("v1-2", "v1-3"))])
        let second = rollout.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], traffic: Fixture.upstream("v1-2", "v1-3"), progress: first.progress))
        #expect(second.actions == [
            .stopInstances(Fixture.ids("v1-1"), grace: Fixture.grace), .startInstances(revision: "v2", count: 1),
            .markStepComplete("next batch: 1/3 instance(s) of v2"), .observeAgain,
        ])
    }

    @Test func aHealthyNewInstanceJoinsAndTheOldestLeaves() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3"),
            phase: .replacing, step: 1))
        #expect(decision.actions == [.setUpstream(Fixture.ids("v1-2", "v1-3", "v2-1"))])
        let next = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .replacing, step: 1))
        #expect(next.actions == [.stopInstances(Fixture.ids("v1-1"), grace: Fixture.grace)])
        let settled = Self.rollout().next(Fixture.observe(
            old: [.stopped, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .replacing, step: 1))
        #expect(settled.actions == [.markStepComplete("batch done: 1/3 instance(s) of v2 serving")])
        #expect(settled.progress.phase == .settling)
    }

    @Test func aStartingInstanceHoldsTheNextBatchUntilTheDeadline() {
        let waiting = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.starting], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3"),
            phase: .replacing, step: 1, stepElapsed: .seconds(119)))
        #expect(waiting.actions == [.observeAgain])
        let late = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.starting], traffic: Fixture.upstream("v1-1", "v1-2", "v1-3"),
            phase: .replacing, step: 1, stepElapsed: .seconds(121)))
        #expect(late.actions == [
            .beginRollback(reason: "1 new instance(s) not healthy within 2m"), .markStepComplete("rollback started while replacing instances (1 new wanted)"),
            .stopInstances(Fixture.ids("v2-1"), grace: Fixture.grace),
        ])
    }

    @Test(arguments: [Instance.State.crashed, .unhealthy])
    func aFailingNewInstanceRollsBackKeepingCapacity(state: Instance.State) {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.stopped, .healthy, .healthy], new: [.healthy, state], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .replacing, step: 2))
        // Stable is topped up first; the healthy new instance keeps serving until stable is back.
        #expect(decision.actions == [
            .beginRollback(reason: "new instance v2-2 is \(state.rawValue)"), .markStepComplete("rollback started while replacing instances (2 new wanted)"),
            .startInstances(revision: "v1", count: 1), .stopInstances(Fixture.ids("v2-2"), grace: Fixture.grace),
            .observeAgain,
        ].filter { state == .unhealthy || $0 != .stopInstances(Fixture.ids("v2-2"), grace: Fixture.grace) })
    }

    @Test func settlingPausesAndAnalysesBetweenBatches() {
        let policy = AnalysisPolicy(window: .seconds(10), failureLimit: 1, failFast: false)
        let rollout = Self.rollout(pause: .seconds(20), analysis: policy)
        let paused = rollout.next(Fixture.observe(
            old: [.stopped, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .settling, step: 1, rolloutElapsed: .seconds(100), stepElapsed: .seconds(5)))
        #expect(paused.actions == [.waitUntil(.seconds(105))])
        let failed = rollout.next(Fixture.observe(
            old: [.stopped, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .settling, step: 1, verdicts: [Fixture.fail(at: 10)], stepElapsed: .seconds(11)))
        #expect(failed.actions.first == .beginRollback(reason: "analysis failed 1 time(s) in a row: error_rate 1% > 0.1%"))
        let passed = rollout.next(Fixture.observe(
            old: [.stopped, .healthy, .healthy], new: [.healthy], traffic: Fixture.upstream("v1-2", "v1-3", "v2-1"),
            phase: .settling, step: 1, verdicts: [Fixture.pass(at: 10)], stepElapsed: .seconds(20)))
        #expect(passed.actions == [
            .startInstances(revision: "v2", count: 1), .markStepComplete("next batch: 2/3 instance(s) of v2"), .observeAgain,
        ])
        #expect(passed.progress == RolloutProgress(phase: .replacing, step: 2))
    }

    @Test func promotesWhenOnlyNewInstancesServe() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.stopped, .stopped, .stopping], new: [.healthy, .healthy, .healthy],
            traffic: Fixture.upstream("v2-1", "v2-2", "v2-3"), phase: .replacing, step: 3))
        #expect(decision.actions == [.promote("v2")])
    }

    @Test func resumingWithoutAnUpstreamSetsItFirst() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy], new: [.healthy], traffic: .none, phase: .replacing, step: 1))
        #expect(decision.actions == [.setUpstream(Fixture.ids("v1-1", "v1-2", "v2-1"))])
    }

    @Test func workersDrainOldConsumersOnlyOnceNewOnesAreHealthy() {
        let rollout = Self.rollout(surge: .count(0), unavailable: .count(1), routing: .none)
        let first = rollout.next(Fixture.observe(old: [.healthy, .healthy, .healthy], traffic: .none))
        #expect(first.actions == [
            .markStepComplete("rolling update of v2 started"), .startInstances(revision: "v2", count: 1), .markStepComplete("next batch: 1/3 instance(s) of v2"),
            .observeAgain,
        ])
        let starting = rollout.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.starting], traffic: .none, progress: first.progress))
        #expect(starting.actions == [.observeAgain])
        let healthy = rollout.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: .none, progress: first.progress))
        #expect(healthy.actions == [.drainWorkers(Fixture.ids("v1-1"), timeout: Fixture.grace)])
    }

    @Test func makeRolloutRollsWorkersWithoutTraffic() {
        for strategy in [Strategy.canary(CanaryStrategy()), .blueGreen(BlueGreenStrategy()), .rolling(RollingStrategy())] {
            let rollout = makeRollout(for: strategy, service: Fixture.worker)
            #expect(rollout is RollingRollout)
            #expect(rollout.rollbackPlan == RollbackPlan(routing: .none, grace: .seconds(60), deadline: .seconds(120)))
        }
        #expect(makeRollout(for: .canary(CanaryStrategy()), service: Fixture.web) is CanaryRollout)
        #expect(makeRollout(for: .blueGreen(BlueGreenStrategy()), service: Fixture.web) is BlueGreenRollout)
        #expect(makeRollout(for: .rolling(RollingStrategy()), service: Fixture.web) is RollingRollout)
    }

    @Test func workersSettleTheLastBatchWithAnalysisBeforeThePromotion() {
        let policy = AnalysisPolicy(interval: .seconds(1), window: .seconds(3), failureLimit: 2, failFast: false)
        let rollout = Self.rollout(pause: .seconds(2), analysis: policy, routing: .none)
        // All replaced: the last batch moves to settling instead of promoting at once.
        let replaced = rollout.next(Fixture.observe(
            desired: 2, old: [.stopped, .stopped], new: [.healthy, .healthy], traffic: .none, phase: .replacing, step: 2))
        #expect(replaced.actions == [.markStepComplete("batch done: 2/2 instance(s) of v2 serving")])
        #expect(replaced.progress == RolloutProgress(phase: .settling, step: 2))
        let settled = Fixture.observe(desired: 2, old: [.stopped, .stopped], new: [.healthy, .healthy], traffic: .none, phase: .settling, step: 2,
                                      stepElapsed: .seconds(3))
        let request = AnalysisRequest(purpose: .betweenBatches, policy: policy, candidate: "v2", baseline: "v1")
        #expect(rollout.next(settled).actions == [.runAnalysis(request)])
        var failing = settled
        failing.verdicts = [Fixture.fail(at: 3, "queue_length of email is 120"), Fixture.fail(at: 4, "queue_length of email is 140")]
        #expect(rollout.next(failing).actions.first == .beginRollback(reason: "analysis failed 2 time(s) in a row: queue_length of email is 140"))
        var passing = settled
        passing.verdicts = [Fixture.pass(at: 3)]
        #expect(rollout.next(passing).actions == [.promote("v2")])
        // Without analysis nothing changes: promoted as soon as everything is replaced.
        let plain = Self.rollout(pause: .seconds(2), routing: .none).next(Fixture.observe(
            desired: 2, old: [.stopped, .stopped], new: [.healthy, .healthy], traffic: .none, phase: .replacing, step: 2))
        #expect(plain.actions == [.promote("v2")])
    }

    @Test func aWorkerCanaryHoldsEachBatchForTheFirstTimedPause() throws {
        let canary = CanaryStrategy(steps: [.init(weight: 25, pause: .manual), .init(weight: 50, pause: .duration(.seconds(4))), .init(weight: 100)],
                                    analysis: AnalysisPolicy())
        let rollout = try #require(makeRollout(for: .canary(canary), service: Fixture.worker) as? RollingRollout)
        #expect(rollout.settings.pauseBetweenBatches == .seconds(4))
        #expect(rollout.settings.analysis == AnalysisPolicy())
    }
}
