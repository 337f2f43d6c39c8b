import Testing
import TurnoutManifest
import TurnoutStrategies

/// Canary decisions, observation by observation.
struct CanaryRolloutTests {
    static let policy = AnalysisPolicy(interval: .seconds(5), window: .seconds(30), failureLimit: 2)
    static let steps: [CanaryStrategy.Step] = [
        .init(weight: 10, pause: .duration(.seconds(60))), .init(weight: 50, pause: .manual), .init(weight: 100, analysis: false),
    ]

    static func rollout(_ policy: AnalysisPolicy? = policy, replicas: Int? = nil) -> CanaryRollout {
        CanaryRollout(CanaryStrategy(steps: steps, canaryReplicas: replicas, analysis: policy), grace: Fixture.grace)
    }

    static func request(_ policy: AnalysisPolicy = policy) -> AnalysisRequest {
        AnalysisRequest(purpose: .canaryStep, policy: policy, candidate: "v2", baseline: "v1")
    }

    @Test(arguments: [(10, nil, 2), (10, 3, 3), (3, nil, 1), (20, nil, 3)] as [(Int, Int?, Int)])
    func startsEnoughCanaryInstancesForTheFirstWeight(desired: Int, replicas: Int?, expected: Int) {
        let decision = Self.rollout(replicas: replicas).next(
            Fixture.observe(desired: desired, old: Array(repeating: .healthy, count: desired), traffic: Fixture.weights(canary: 0)))
        #expect(decision.actions == [.markStepComplete("canary of v2 started"), .startInstances(revision: "v2", count: expected), .observeAgain])
        #expect(decision.progress.phase == .scaling)
    }

    /// The default canary size: no canary instance carries more than a stable one up to 50 %, never more
    /// instances than the service's replicas, at least one.
    @Test(arguments: [
        (10, 3, 1), (20, 3, 1), (25, 3, 1), (33, 3, 2), (50, 3, 3), (75, 3, 3), (99, 3, 3), (100, 3, 3),
        (10, 10, 2), (25, 10, 4), (50, 10, 10), (1, 1, 1), (50, 1, 1), (10, 0, 1),
    ] as [(Int, Int, Int)])
    func defaultCanarySizeMatchesAStableInstancesLoad(weight: Int, desired: Int, expected: Int) {
        #expect(CanaryRollout.loadMatchedReplicas(weight: weight, desired: desired) == expected)
        guard desired > 0, weight < 100 else { return }
        let perCanary = Double(weight) / Double(expected), perStable = Double(100 - weight) / Double(desired)
        if expected < desired { #expect(perCanary <= perStable + 1e-9) }
    }

    @Test func scalesTheCanaryBeforeRaisingTheWeight() {
        // Step 1 (10 %) held with one canary; step 2 (50 %) needs three before its weight is set.
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .scaling, step: 1))
        #expect(decision.actions == [.startInstances(revision: "v2", count: 2), .observeAgain])
    }

    @Test func waitsForTheCanaryThenSetsTheFirstWeight() {
        let waiting = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.starting], traffic: Fixture.weights(canary: 0), phase: .scaling,
            stepElapsed: .seconds(20)))
        #expect(waiting.actions == [.observeAgain])
        let ready = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 0), phase: .scaling))
        #expect(ready.actions == [
            .setWeights([TrafficWeight(revision: "v2", percent: 10), TrafficWeight(revision: "v1", percent: 90)]),
            .markStepComplete("canary scaled for step 1 (10%)"),
        ])
        #expect(ready.progress.phase == .holding)
    }

    @Test func rollsBackWhenTheCanaryMissesTheProgressDeadline() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.starting], traffic: Fixture.weights(canary: 0), phase: .scaling,
            stepElapsed: .seconds(121)))
        #expect(decision.actions == [
            .beginRollback(reason: "canary 0/1 healthy after 2m"), .markStepComplete("rollback started while scaling the canary for step 1"),
            .stopInstances(Fixture.ids("v2-1"), grace: Fixture.grace),
        ])
        #expect(decision.progress.phase == .rollingBack)
    }

    @Test func withoutFailFastTheStepIsMeasuredOnceAWindowLiesInsideIt() {
        var policy = Self.policy
        policy.failFast = false
        let early = Self.rollout(policy).next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            rolloutElapsed: .seconds(110), stepElapsed: .seconds(10)))
        #expect(early.actions == [.waitUntil(.seconds(130))])
        let due = Self.rollout(policy).next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            verdicts: [Fixture.pass(at: 30)], rolloutElapsed: .seconds(135), stepElapsed: .seconds(35)))
        #expect(due.actions == [.runAnalysis(Self.request(policy))])
        let over = Self.rollout(policy).next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            verdicts: [Fixture.pass(at: 30), Fixture.pass(at: 58)], rolloutElapsed: .seconds(160), stepElapsed: .seconds(60)))
        #expect(over.actions == [.markStepComplete("step 1 (10%) passed")])
        #expect(over.progress == RolloutProgress(phase: .scaling, step: 1))
    }

    @Test func aFinishedPauseStillWaitsForAPassingMeasurement() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            verdicts: [Fixture.pass(at: 30), Fixture.fail(at: 58)], rolloutElapsed: .seconds(160), stepElapsed: .seconds(60)))
        #expect(decision.actions == [.waitUntil(.seconds(163))])
    }

    @Test func consecutiveFailuresRollBackTrafficFirst() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            verdicts: [Fixture.pass(at: 30), Fixture.fail(at: 35), Fixture.fail(at: 40)], stepElapsed: .seconds(41)))
        #expect(decision.actions == [
            .beginRollback(reason: "step 1: analysis failed 2 time(s) in a row: error_rate 1% > 0.1%"),
            .markStepComplete("rollback started while holding canary step 1"), .setWeights([TrafficWeight(revision: "v1", percent: 100)]),
        ])
    }

    @Test(arguments: [
        (AnalysisPolicy.InconclusiveAction.rollback, 1, "rollback"),
        (.retry, 2, "measure"),
        (.retry, 3, "rollback"),
        (.pause, 1, "pause"),
    ])
    func inconclusiveMeasurementsFollowThePolicy(action: AnalysisPolicy.InconclusiveAction, count: Int, expected: String) {
        let policy = AnalysisPolicy(inconclusive: action, inconclusiveLimit: 3)
        let verdicts = (0..<count).map { Fixture.unclear(at: 30 + 5 * Int64($0)) }
        let decision = Self.rollout(policy).next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            verdicts: verdicts, stepElapsed: .seconds(30 + 5 * Int64(count))))
        switch expected {
        case "rollback": #expect(decision.progress.phase == .rollingBack)
        case "pause":
            #expect(decision.actions == [.pauseForOperator(
                reason: "analysis inconclusive: 3 requests < 50; run `turnout promote` to go on or `turnout abort`")])
            #expect(decision.progress.phase == .holding)
        default:
            #expect(decision.actions == [.runAnalysis(Self.request(policy))])
        }
    }

    @Test func aManualStepWaitsForPromote() {
        let observation = Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy, .healthy], traffic: Fixture.weights(canary: 50),
            phase: .holding, step: 1, stepElapsed: .seconds(5))
        let noPolicy = Self.rollout(nil)
        #expect(noPolicy.next(observation).actions == [
            .pauseForOperator(reason: "step 2 (50%) is a manual gate; run `turnout promote`"),
        ])
        var promoted = observation
        promoted.commands = [OperatorCommand(sequence: 1, kind: .promote)]
        let decision = noPolicy.next(promoted)
        #expect(decision.actions == [.markStepComplete("step 2 (50%) passed")])
        #expect(decision.progress == RolloutProgress(phase: .scaling, step: 2, lastCommand: 1))
        // The command is not used twice: the next step waits for its own.
        #expect(noPolicy.next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy, .healthy], traffic: Fixture.weights(canary: 50),
            commands: [.promote], progress: decision.progress)).actions == [
                .startInstances(revision: "v2", count: 1), .observeAgain,
            ])
    }

    @Test func promoteFullJumpsToTheLastStep() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            commands: [.promoteFull]))
        #expect(decision.actions == [.markStepComplete("promote --full: skipping to the last step")])
        #expect(decision.progress.phase == .scaling)
        #expect(decision.progress.step == 2)
    }

    @Test func abortRollsBack() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
            commands: [.promote, .abort]))
        #expect(decision.actions.first == .beginRollback(reason: "aborted by operator"))
        #expect(decision.progress.lastCommand == 2)
    }

    @Test func atFullWeightStableStopsAfterTrafficLeftItThenPromotes() {
        let stop = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy, .healthy, .healthy], traffic: Fixture.weights(canary: 100),
            phase: .holding, step: 2))
        #expect(stop.actions == [
            .markStepComplete("step 3 (100%) passed"), .stopInstances(Fixture.ids("v1-1", "v1-2", "v1-3"), grace: Fixture.grace),
        ])
        let done = Self.rollout().next(Fixture.observe(
            old: [.stopped, .stopped, .stopping], new: [.healthy, .healthy, .healthy], traffic: Fixture.weights(canary: 100),
            phase: .retiringStable, step: 2))
        #expect(done.actions == [.promote("v2")])
        #expect(done.progress.phase == .promoted)
    }

    @Test func resumingMidStepReappliesTheWeightWhenTheRouterLostIt() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy, .healthy], traffic: Fixture.weights(canary: 10),
            phase: .holding, step: 1, stepElapsed: .seconds(3)))
        #expect(decision.actions == [
            .setWeights([TrafficWeight(revision: "v2", percent: 50), TrafficWeight(revision: "v1", percent: 50)]), .observeAgain,
        ])
    }

    @Test func aCrashedCanaryRollsBack() {
        let decision = Self.rollout().next(Fixture.observe(
            old: [.healthy, .healthy, .healthy], new: [.healthy, .crashed], traffic: Fixture.weights(canary: 50),
            phase: .holding, step: 1))
        #expect(decision.actions.first == .beginRollback(reason: "canary instance v2-2 is crashed"))
        #expect(decision.actions.contains(.setWeights([TrafficWeight(revision: "v1", percent: 100)])))
        #expect(!decision.actions.contains { if case .stopInstances = $0 { return true } else { return false } })
    }

    /// An observation holding step 1 at 10 % with these verdicts, `elapsed` seconds into the step.
    static func holding(_ verdicts: [AnalysisVerdict], elapsed: Duration) -> Observation {
        Fixture.observe(old: [.healthy, .healthy, .healthy], new: [.healthy], traffic: Fixture.weights(canary: 10), phase: .holding,
                        verdicts: verdicts, rolloutElapsed: .seconds(100) + elapsed, stepElapsed: elapsed)
    }

    @Test func withFailFastTheFirstMeasurementIsOneIntervalInOverTheStepSoFar() {
        #expect(Self.rollout().next(Self.holding([], elapsed: .seconds(2))).actions == [.waitUntil(.seconds(105))])
        var shorter = Self.request()
        shorter.policy.window = .init(milliseconds: 5_300)
        #expect(Self.rollout().next(Self.holding([], elapsed: .milliseconds(5_370))).actions == [.runAnalysis(shorter)])
        // Once the step is a window old, measurements cover the whole window again.
        let late = [AnalysisVerdict(.pass, at: .seconds(27), window: .seconds(25))]
        #expect(Self.rollout().next(Self.holding(late, elapsed: .seconds(32))).actions == [.runAnalysis(Self.request())])
    }

    static func verdict(_ outcome: AnalysisVerdict.Outcome, at seconds: Int64, window: Int64 = 30) -> AnalysisVerdict {
        AnalysisVerdict(outcome, at: .seconds(seconds), window: .seconds(window))
    }

    /// Verdicts of step 1 (policy: window 30 s, interval 5 s, failure limit 2, inconclusive `pause`) and what
    /// the step does next: a clear breach rolls back at once, even early; preliminary measurements (window
    /// shorter than 30 s) count for nothing else.
    static let gateTable: [([AnalysisVerdict], String)] = [
        ([verdict(.breach("latency_p95 of v2 is 900 ms"), at: 6, window: 5)], "rollback: step 1: analysis found a clear breach: latency_p95 of v2 is 900 ms"),
        ([verdict(.pass, at: 31), verdict(.breach("error_rate of v2 is 5.00%"), at: 36)], "rollback: step 1: analysis found a clear breach: error_rate of v2 is 5.00%"),
        ([verdict(.fail("latency_p95 of v2 is 250 ms"), at: 6, window: 5), verdict(.fail("latency_p95 of v2 is 260 ms"), at: 11, window: 10)], "hold"),
        ([verdict(.inconclusive("12 requests"), at: 6, window: 5)], "hold"),
        ([verdict(.fail("a"), at: 26, window: 25), verdict(.fail("b"), at: 31)], "hold"),
        ([verdict(.fail("a"), at: 31), verdict(.fail("b"), at: 36)], "rollback: step 1: analysis failed 2 time(s) in a row: b"),
        ([verdict(.inconclusive("12 requests"), at: 31)], "pause"),
    ]

    @Test(arguments: gateTable)
    func failFastGate(verdicts: [AnalysisVerdict], expected: String) {
        let rollout = Self.rollout(AnalysisPolicy(interval: .seconds(5), window: .seconds(30), failureLimit: 2, inconclusive: .pause))
        let last = verdicts.last.map { $0.at } ?? .zero
        let decision = rollout.next(Self.holding(verdicts, elapsed: last + .milliseconds(500)))
        switch decision.actions.first {
        case .beginRollback(let reason): #expect(expected == "rollback: " + reason)
        case .pauseForOperator: #expect(expected == "pause")
        default: #expect(expected == "hold", "\(decision.actions)")
        }
    }
}
