import Foundation
import Testing
import TurnoutManifest
import TurnoutStrategies

/// Drives each strategy against the simulated world until it promotes, rolls back or halts, with the
/// invariants checked after every action.
struct SimulationTests {
    static let web = Service(name: "api", role: .web, port: 8080, replicas: 4, stopTimeout: .seconds(10))
    static let worker = Service(name: "email", role: .worker, replicas: 3, queues: ["email"])

    static func rolling(_ surge: ScaleAmount, _ unavailable: ScaleAmount, analysis: AnalysisPolicy? = nil) -> Strategy {
        .rolling(RollingStrategy(maxSurge: surge, maxUnavailable: unavailable, pauseBetweenBatches: .seconds(5), analysis: analysis))
    }

    @Test(arguments: [
        (ScaleAmount.count(1), ScaleAmount.count(0), 4),
        (.count(0), .count(1), 3),
        (.count(1), .count(1), 3),
        (.percent(Percentage(25)), .percent(Percentage(25)), 3),
        (.count(3), .count(0), 4),
        (.count(0), .count(0), 4),
        (.percent(Percentage(50)), .count(2), 2),
    ])
    func rollingPromotesWithinLimits(surge: ScaleAmount, unavailable: ScaleAmount, floor: Int) {
        var world = SimulatedWorld(desired: 4, routing: .upstream)
        world.capacityFloor = floor
        let end = world.run(makeRollout(for: Self.rolling(surge, unavailable), service: Self.web))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        #expect(world.live("v1").isEmpty)
        #expect(world.healthy("v2").count == 4)
        #expect(world.traffic == .upstream(Set(world.healthy("v2").map(\.id))))
    }

    @Test(arguments: [1, 2, 3, 4])
    func rollingRollsBackWhenTheNthNewInstanceCrashes(nth: Int) {
        var world = SimulatedWorld(desired: 4, routing: .upstream)
        world.crashingNew = [nth]
        world.capacityFloor = 4
        let end = world.run(makeRollout(for: Self.rolling(.count(1), .count(0)), service: Self.web))
        #expect(end == .rollbackComplete(reason: "new instance v2-\(nth) is crashed"))
        #expect(world.violations == [])
        #expect(world.healthy("v1").count == 4)
        #expect(world.live("v2").isEmpty)
        #expect(world.traffic == .upstream(Set(world.healthy("v1").map(\.id))))
    }

    @Test func rollingWorkersStartNewConsumersBeforeDrainingOld() {
        var world = SimulatedWorld(desired: 3, routing: .none)
        world.capacityFloor = 3
        let end = world.run(makeRollout(for: Self.rolling(.count(0), .count(1)), service: Self.worker))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        #expect(world.actions.contains { if case .drainWorkers = $0 { return true } else { return false } })
        #expect(!world.actions.contains { if case .setUpstream = $0 { return true } else { return false } })
        #expect(!world.actions.contains { if case .stopInstances = $0 { return true } else { return false } })
    }

    @Test func canaryWorkersRollLikeRollingWithoutTraffic() {
        var world = SimulatedWorld(desired: 3, routing: .none)
        world.capacityFloor = 3
        let end = world.run(makeRollout(for: .canary(CanaryStrategy()), service: Self.worker))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
    }

    @Test(arguments: [true, false])
    func blueGreenPromotes(autoPromote: Bool) {
        var world = SimulatedWorld(desired: 4, routing: .active)
        world.operatorReplies = [.promote]
        let strategy = BlueGreenStrategy(
            prePromotionAnalysis: AnalysisPolicy(), postPromotionAnalysis: AnalysisPolicy(), autoPromote: autoPromote)
        let end = world.run(makeRollout(for: .blueGreen(strategy), service: Self.web))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        #expect(world.traffic == .active("v2"))
        #expect(world.live("v1").isEmpty)
        #expect(world.operatorReplies.isEmpty == !autoPromote || autoPromote)
    }

    @Test func blueGreenSwitchesBackWhenPostPromotionAnalysisFails() {
        var world = SimulatedWorld(desired: 4, routing: .active)
        world.verdict = { request, _ in request.purpose == .postPromotion ? .fail("error_rate 2% > 0.1%") : .pass }
        let strategy = BlueGreenStrategy(prePromotionAnalysis: AnalysisPolicy(), postPromotionAnalysis: AnalysisPolicy())
        let end = world.run(makeRollout(for: .blueGreen(strategy), service: Self.web))
        #expect(end == .rollbackComplete(reason: "post-promotion analysis failed 2 time(s) in a row: error_rate 2% > 0.1%"))
        #expect(world.violations == [])
        #expect(world.traffic == .active("v1"))
        #expect(world.healthy("v1").count == 4)
        #expect(world.live("v2").isEmpty)
    }

    @Test func canaryPromotesThroughEveryStep() {
        var world = SimulatedWorld(desired: 10, routing: .weights)
        let end = world.run(makeRollout(for: .canary(CanaryStrategy(analysis: AnalysisPolicy())), service: Self.web))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        let weights = world.actions.compactMap { action -> Int? in
            if case .setWeights(let split) = action { return split.first { $0.revision == "v2" }?.percent }
            return nil
        }
        #expect(weights == [10, 25, 50, 100])
        #expect(world.live("v1").isEmpty)
        #expect(world.healthy("v2").count == 10)
    }

    @Test(arguments: [1, 2, 3, 6, 10])
    func canaryRollsBackWhenAnInstanceCrashes(nth: Int) {
        var world = SimulatedWorld(desired: 10, routing: .weights)
        world.crashingNew = [nth]
        let end = world.run(makeRollout(for: .canary(CanaryStrategy()), service: Self.web))
        #expect(end == .rollbackComplete(reason: "canary instance v2-\(nth) is crashed"))
        #expect(world.violations == [])
        #expect(world.traffic.percent(of: "v1", instances: world.instances) == 100)
        #expect(world.live("v2").isEmpty)
    }

    @Test func canaryHaltsWhenStableDiesDuringRollback() {
        var world = SimulatedWorld(desired: 2, routing: .weights)
        world.verdict = { _, _ in .fail("p99 900ms > 500ms") }
        world.events = { world, _ in
            if world.progress.phase == .holding {
                for instance in world.healthy("v1") { world.set(instance.id, .crashed) }
            }
        }
        let end = world.run(makeRollout(for: .canary(CanaryStrategy(analysis: AnalysisPolicy())), service: Self.web))
        guard case .halt(let reason) = end else {
            Issue.record("expected a halt, got \(String(describing: end))")
            return
        }
        #expect(reason.contains("no healthy instance"))
        #expect(world.violations == [])
        #expect(world.traffic.percent(of: "v2", instances: world.instances) == 10)
    }

    @Test func everyStrategyEndsWhenNewInstancesNeverBecomeHealthy() {
        let strategies: [Strategy] = [
            Self.rolling(.count(1), .count(0)), .blueGreen(BlueGreenStrategy()), .canary(CanaryStrategy()),
        ]
        for strategy in strategies {
            var world = SimulatedWorld(desired: 3, routing: strategy.kindName == "rolling" ? .upstream : strategy.kindName == "canary" ? .weights : .active)
            world.newNeverHealthy = true
            let end = world.run(makeRollout(for: strategy, service: Self.web))
            guard case .rollbackComplete(let reason) = end else {
                Issue.record("\(strategy.kindName): expected a rollback, got \(String(describing: end))")
                continue
            }
            #expect(reason.contains("2m"), "\(strategy.kindName): \(reason)")
            #expect(world.violations == [], "\(strategy.kindName)")
            #expect(world.live("v2").isEmpty, "\(strategy.kindName)")
        }
    }
}

extension SimulationTests {
    @Test func canaryManualGateAndInconclusivePauseWaitForTheOperator() {
        var world = SimulatedWorld(desired: 4, routing: .weights)
        world.verdict = { _, n in n == 1 ? .inconclusive("12 requests < 50") : .pass }
        world.operatorReplies = [.promote, .promote]
        let steps: [CanaryStrategy.Step] = [
            .init(weight: 20, pause: .duration(.seconds(30))), .init(weight: 50, pause: .manual), .init(weight: 100),
        ]
        // Without fail-fast every measurement covers a whole window, so the first one's inconclusive counts.
        let strategy = CanaryStrategy(steps: steps, analysis: AnalysisPolicy(failFast: false))
        let end = world.run(makeRollout(for: .canary(strategy), service: Self.web))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        #expect(world.operatorReplies.isEmpty)
        let pauses = world.actions.filter { if case .pauseForOperator = $0 { return true } else { return false } }
        #expect(pauses.count == 2)
    }

    @Test func canaryPromoteFullSkipsToAllTraffic() {
        var world = SimulatedWorld(desired: 4, routing: .weights)
        world.events = { world, _ in
            if world.progress.phase == .holding, world.commands.isEmpty { world.command(.promoteFull) }
        }
        let end = world.run(makeRollout(for: .canary(CanaryStrategy()), service: Self.web))
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
        let weights = world.actions.compactMap { action -> Int? in
            if case .setWeights(let split) = action { return split.first { $0.revision == "v2" }?.percent }
            return nil
        }
        #expect(weights == [10, 100])
    }

    @Test(arguments: [RolloutProgress.Phase.scaling, .holding, .retiringStable])
    func canaryAbortRollsBackFromEveryPhase(phase: RolloutProgress.Phase) {
        var world = SimulatedWorld(desired: 4, routing: .weights)
        world.events = { world, _ in
            if world.progress.phase == phase, world.commands.isEmpty { world.command(.abort) }
        }
        let end = world.run(makeRollout(for: .canary(CanaryStrategy()), service: Self.web))
        // Even while stable is stopping, an abort restarts it and moves traffic back before the canary stops.
        #expect(end == .rollbackComplete(reason: "aborted by operator"))
        #expect(world.live("v2").isEmpty)
        #expect(world.healthy("v1").count == 4)
        #expect(world.violations == [])
    }

    @Test func resumingFromPersistedProgressGivesTheSameOutcome() {
        // Replay a canary, but "restart the controller" at every observation: the strategy value is rebuilt and
        // only the persisted progress (round-tripped through JSON) carries over.
        var world = SimulatedWorld(desired: 4, routing: .weights)
        world.verdict = { _, n in n % 3 == 0 ? .fail("p95 250ms > 200ms") : .pass }
        var end: Action?
        for _ in 0..<500 {
            let strategy = makeRollout(for: .canary(CanaryStrategy(analysis: AnalysisPolicy())), service: Self.web)
            let stored = try? JSONEncoder().encode(world.progress)
            world.progress = stored.flatMap { try? JSONDecoder().decode(RolloutProgress.self, from: $0) } ?? RolloutProgress()
            let decision = strategy.next(world.observation())
            if world.apply(decision) {
                end = decision.actions.last { $0.isTerminal }
                break
            }
            world.tick()
        }
        #expect(end == .promote("v2"))
        #expect(world.violations == [])
    }
}
