import Testing
import TurnoutManifest
import TurnoutStrategies

/// Blue-green decisions, observation by observation (blue `v1`, green `v2`, 3 replicas).
struct BlueGreenRolloutTests {
    static let healthy3: [Instance.State] = [.healthy, .healthy, .healthy]

    static func rollout(
        autoPromote: Bool = true, after: TimeSpan = .zero, pre: AnalysisPolicy? = nil, post: AnalysisPolicy? = nil
    ) -> BlueGreenRollout {
        BlueGreenRollout(
            BlueGreenStrategy(
                prePromotionAnalysis: pre, postPromotionAnalysis: post, autoPromote: autoPromote, autoPromoteAfter: after,
                scaleDownDelay: .seconds(30), progressDeadline: .seconds(60)),
            grace: Fixture.grace)
    }

    @Test func startsTheWholeGreenSetThenWaits() {
        let first = Self.rollout().next(Fixture.observe(old: Self.healthy3, traffic: .active("v1")))
        #expect(first.actions == [.markStepComplete("blue-green deploy of v2 started"), .startInstances(revision: "v2", count: 3), .observeAgain])
        let partly = Self.rollout().next(Fixture.observe(
            old: Self.healthy3, new: [.healthy, .starting, .healthy], traffic: .active("v1"), phase: .startingGreen,
            stepElapsed: .seconds(30)))
        #expect(partly.actions == [.observeAgain])
        #expect(partly.status == "waiting for green: 2/3 healthy")
    }

    @Test func greenMissingTheDeadlineRollsBackWithoutTouchingTraffic() {
        let decision = Self.rollout().next(Fixture.observe(
            old: Self.healthy3, new: [.healthy, .starting, .healthy], traffic: .active("v1"), phase: .startingGreen,
            stepElapsed: .seconds(61)))
        #expect(decision.actions == [
            .beginRollback(reason: "green 2/3 healthy after 1m"), .markStepComplete("rollback started while starting the green instances"),
            .stopInstances(Fixture.ids("v2-1", "v2-2", "v2-3"), grace: Fixture.grace),
        ])
    }

    @Test func manualPromotionWaitsForTheOperatorThenSwitches() {
        let ready = Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), phase: .awaitingPromotion)
        #expect(Self.rollout(autoPromote: false).next(ready).actions == [
            .pauseForOperator(reason: "green v2 is ready; run `turnout promote` to switch traffic"),
        ])
        var promoted = ready
        promoted.commands = [OperatorCommand(sequence: 1, kind: .promote)]
        let decision = Self.rollout(autoPromote: false).next(promoted)
        #expect(decision.actions == [.switchActive(to: "v2"), .markStepComplete("traffic switched to green v2")])
        #expect(decision.progress == RolloutProgress(phase: .switched, lastCommand: 1))
    }

    @Test func autoPromotionWaitsForItsDelay() {
        let early = Self.rollout(after: .seconds(20)).next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), phase: .awaitingPromotion,
            rolloutElapsed: .seconds(100), stepElapsed: .seconds(5)))
        #expect(early.actions == [.waitUntil(.seconds(115))])
    }

    @Test func prePromotionAnalysisGatesThePromotion() {
        let policy = AnalysisPolicy(window: .seconds(10), failureLimit: 1)
        let request = AnalysisRequest(purpose: .prePromotion, policy: policy, candidate: "v2", baseline: "v1")
        let due = Self.rollout(pre: policy).next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), phase: .prePromotionAnalysis,
            stepElapsed: .seconds(10)))
        #expect(due.actions == [.runAnalysis(request)])
        let failed = Self.rollout(pre: policy).next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), phase: .prePromotionAnalysis,
            verdicts: [Fixture.fail(at: 10)], stepElapsed: .seconds(11)))
        #expect(failed.actions.first == .beginRollback(
            reason: "pre-promotion analysis failed 1 time(s) in a row: error_rate 1% > 0.1%"))
    }

    @Test func afterTheSwitchBlueStaysForTheScaleDownDelayThenStops() {
        let holding = Self.rollout().next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v2"), phase: .switched,
            rolloutElapsed: .seconds(200), stepElapsed: .seconds(10)))
        #expect(holding.actions == [.waitUntil(.seconds(220))])
        let over = Self.rollout().next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v2"), phase: .switched, stepElapsed: .seconds(30)))
        #expect(over.actions == [
            .markStepComplete("post-promotion hold over: retiring blue v1"),
            .stopInstances(Fixture.ids("v1-1", "v1-2", "v1-3"), grace: Fixture.grace),
        ])
        let done = Self.rollout().next(Fixture.observe(
            old: [.stopped, .stopped, .stopped], new: Self.healthy3, traffic: .active("v2"), phase: .retiringStable))
        #expect(done.actions == [.promote("v2")])
    }

    @Test func postPromotionFailureSwitchesBackBeforeStoppingGreen() {
        let policy = AnalysisPolicy(failureLimit: 1)
        let decision = Self.rollout(post: policy).next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v2"), phase: .switched,
            verdicts: [Fixture.fail(at: 30)], stepElapsed: .seconds(31)))
        #expect(decision.actions == [
            .beginRollback(reason: "post-promotion analysis failed 1 time(s) in a row: error_rate 1% > 0.1%"),
            .markStepComplete("rollback started while serving from green, blue kept for switching back"), .switchActive(to: "v1"),
        ])
        let next = Self.rollout(post: policy).next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), progress: decision.progress))
        #expect(next.actions == [.stopInstances(Fixture.ids("v2-1", "v2-2", "v2-3"), grace: Fixture.grace)])
    }

    @Test func aCrashedGreenAfterTheSwitchHaltsWhenBlueIsGone() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.crashed, .crashed, .crashed], new: [.healthy, .crashed, .healthy], traffic: .active("v2"),
            phase: .retiringStable))
        #expect(decision.actions.first == .beginRollback(reason: "green instance v2-2 is crashed"))
        #expect(decision.actions.last == .halt(
            reason: "cannot roll back to v1: no healthy instance (3 failing, 0 starting); traffic left as it is"))
        #expect(decision.progress.phase == .halted)
        #expect(!decision.actions.contains(.switchActive(to: "v1")))
    }

    @Test func aSwitchLostInACrashIsRepeated() {
        let decision = Self.rollout().next(Fixture.observe(
            old: Self.healthy3, new: Self.healthy3, traffic: .active("v1"), phase: .switched, stepElapsed: .seconds(40)))
        #expect(decision.actions == [.switchActive(to: "v2"), .observeAgain])
    }
}
