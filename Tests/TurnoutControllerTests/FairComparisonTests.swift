import Foundation
import Testing
@testable import TurnoutController
import TurnoutManifest
import TurnoutAnalysis
import TurnoutRuntime
import TurnoutStrategies

/// Canary analysis that compares like with like, over a synthetic nginx log: the same step, the same load per
/// instance, route by route, after warm-up. Each row is a situation with the verdict a careful operator would
/// give (a good release is not rolled back for the host, its load or its route mix; a slower one still is).
@Suite struct FairComparisonTests {
    enum Verdict: String, CustomStringConvertible, Sendable {
        case pass, fail, inconclusive
        var description: String { rawValue }
    }

    /// One situation: what nginx logged, the instances, the routing weights and when the step began.
    struct Scenario: CustomStringConvertible, Sendable {
        var name: String
        var canaryInstances = 3
        var weights: (canary: Int, stable: Int) = (1, 1)
        var canaryReadyAgo: TimeInterval = 60
        var stepAgo: TimeInterval = 60
        var requests: @Sendable (inout SyntheticAccessLog, Date) -> Void
        var expected: Verdict
        var reasonContains: String?

        var description: String { name }
    }

    static let stablePorts = [9001, 9002, 9003]
    static func canaryPorts(_ count: Int) -> [Int] { (0..<count).map { 9101 + $0 } }

    /// `count` requests per instance over the last `seconds`, at `median` seconds on `route`.
    static func each(_ ports: [Int], _ log: inout SyntheticAccessLog, _ now: Date, count: Int, seconds: TimeInterval = 10, median: Double,
                     route: String = "/api/v1/posts", endingAgo: TimeInterval = 0) {
        for port in ports {
            log.add(count, from: now.addingTimeInterval(-seconds - endingAgo), to: now.addingTimeInterval(-endingAgo), port: port, route: route, median: median)
        }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "a good release at equal load passes", requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.020)
            each(canaryPorts(3), &log, now, count: 200, median: 0.020)
        }, expected: .pass),
        Scenario(name: "a release twice as slow at equal load fails the comparison", requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.020)
            each(canaryPorts(3), &log, now, count: 200, median: 0.045)
        }, expected: .fail, reasonContains: "latency of r2 is +"),
        Scenario(name: "a window that straddles the step counts only the step", stepAgo: 5, requests: { log, now in
            // Before the step began (5-10 s ago) the canary answered slowly under another split.
            each(stablePorts, &log, now, count: 100, seconds: 5, median: 0.020, endingAgo: 5)
            each(canaryPorts(3), &log, now, count: 100, seconds: 5, median: 0.090, endingAgo: 5)
            each(stablePorts, &log, now, count: 100, seconds: 5, median: 0.020)
            each(canaryPorts(3), &log, now, count: 100, seconds: 5, median: 0.021)
        }, expected: .pass),
        Scenario(name: "one overloaded canary instance is not compared on latency", canaryInstances: 1, weights: (3, 1), requests: { log, now in
            // 50 % on one canary instance against three stable: three times the requests in flight, slower
            // answers, about as many requests served (the 1329 against 3679 / 3).
            each(stablePorts, &log, now, count: 1226, median: 0.011)
            each(canaryPorts(1), &log, now, count: 1329, median: 0.041)
        }, expected: .pass),
        Scenario(name: "an overloaded canary that also errs still fails on errors", canaryInstances: 1, weights: (3, 1), requests: { log, now in
            each(stablePorts, &log, now, count: 1000, median: 0.011)
            each(canaryPorts(1), &log, now, count: 1000, median: 0.041)
            log.add(100, from: now.addingTimeInterval(-10), to: now, port: 9101, median: 0.005, status: 500)
        }, expected: .fail, reasonContains: "error"),
        Scenario(name: "a uniformly slower host breaches the SLO for both: not counted against the canary", requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.250)
            each(canaryPorts(3), &log, now, count: 200, median: 0.250)
        }, expected: .pass),
        Scenario(name: "a canary clearly worse than a breaching stable fails, naming the stable", requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.250)
            each(canaryPorts(3), &log, now, count: 200, median: 0.400)
        }, expected: .fail, reasonContains: "stable r1 breached it too"),
        Scenario(name: "a different route mix is not a regression", requests: { log, now in
            // The canary happens to get mostly the slow route, the stable mostly the fast one.
            each(stablePorts, &log, now, count: 40, median: 0.030)
            each(stablePorts, &log, now, count: 160, median: 0.002, route: "/api/v1/health")
            each(canaryPorts(3), &log, now, count: 160, median: 0.030)
            each(canaryPorts(3), &log, now, count: 40, median: 0.002, route: "/api/v1/health")
        }, expected: .pass),
        Scenario(name: "a slower route is found within a route mix", requests: { log, now in
            each(stablePorts, &log, now, count: 100, median: 0.030)
            each(stablePorts, &log, now, count: 100, median: 0.002, route: "/api/v1/health")
            each(canaryPorts(3), &log, now, count: 100, median: 0.075)
            each(canaryPorts(3), &log, now, count: 100, median: 0.002, route: "/api/v1/health")
        }, expected: .fail, reasonContains: "/api/v1/posts 7"),
        Scenario(name: "warm-up requests are not counted against the canary", canaryReadyAgo: 8, requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.020)
            // Its first 2 s after turning ready (8 to 6 s ago): pools opening, slow and failing.
            each(canaryPorts(3), &log, now, count: 60, seconds: 2, median: 0.400, endingAgo: 6)
            for port in canaryPorts(3) { log.add(5, from: now.addingTimeInterval(-8), to: now.addingTimeInterval(-6), port: port, median: 0.01, status: 500) }
            each(canaryPorts(3), &log, now, count: 120, seconds: 6, median: 0.020)
        }, expected: .pass),
        Scenario(name: "the first seconds of a step are not compared", stepAgo: 8, requests: { log, now in
            // Right after the weight rose the canary's queues filled (2 s at 45 ms), then it answered like stable.
            each(stablePorts, &log, now, count: 160, seconds: 8, median: 0.020)
            each(canaryPorts(3), &log, now, count: 60, seconds: 2, median: 0.045, endingAgo: 6)
            each(canaryPorts(3), &log, now, count: 120, seconds: 6, median: 0.020)
        }, expected: .pass),
        Scenario(name: "a slow step is compared once it settles", stepAgo: 8, requests: { log, now in
            each(stablePorts, &log, now, count: 160, seconds: 8, median: 0.020)
            each(canaryPorts(3), &log, now, count: 160, seconds: 8, median: 0.045)
        }, expected: .fail, reasonContains: "latency of r2 is +"),
        Scenario(name: "a canary still warming up is not judged at all", canaryReadyAgo: 1, requests: { log, now in
            each(stablePorts, &log, now, count: 200, median: 0.020)
            each(canaryPorts(3), &log, now, count: 30, seconds: 1, median: 0.400)
        }, expected: .inconclusive, reasonContains: "warming up"),
    ]

    @Test(arguments: scenarios)
    func verdict(_ scenario: Scenario) async throws {
        let now = Date()
        var log = SyntheticAccessLog(seed: 7)
        scenario.requests(&log, now)
        let path = try log.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var instances: [FleetInstance] = []
        var weights: [String: Int] = [:]
        for (index, port) in Self.stablePorts.enumerated() {
            instances.append(Self.instance("web-r1-\(index + 1)", revision: 1, port: port, readyAgo: 3600, now: now))
            weights["web-r1-\(index + 1)"] = scenario.weights.stable
        }
        for (index, port) in Self.canaryPorts(scenario.canaryInstances).enumerated() {
            instances.append(Self.instance("web-r2-\(index + 1)", revision: 2, port: port, readyAgo: scenario.canaryReadyAgo, now: now))
            weights["web-r2-\(index + 1)"] = scenario.weights.canary
        }
        let service = Service(name: "web", role: .web, command: ["a"], port: 8000)
        let context = AnalysisContext(service: service, slo: SLO(), instances: instances, accessLogPath: path, now: now,
                                      stepStartedAt: now.addingTimeInterval(-scenario.stepAgo), routingWeights: weights)
        let request = AnalysisRequest(purpose: .canaryStep,
                                      policy: AnalysisPolicy(interval: .seconds(2), window: .seconds(10), minSamples: 50, warmup: .seconds(2)),
                                      candidate: "r2", baseline: "r1")
        let outcome = await MetricAnalysis().analyze(request, context: context)
        let verdict: Verdict
        switch outcome {
        case .pass: verdict = .pass
        case .fail, .breach: verdict = .fail
        case .inconclusive: verdict = .inconclusive
        }
        #expect(verdict == scenario.expected, "\(scenario.name): \(outcome)")
        if let fragment = scenario.reasonContains { #expect(outcome.reason?.contains(fragment) == true, "\(outcome)") }
    }

    static func instance(_ id: String, revision: Int, port: Int, readyAgo: TimeInterval, now: Date) -> FleetInstance {
        .fixture(id, revision: revision, port: port, startedAt: now.addingTimeInterval(-readyAgo - 1), readyAt: now.addingTimeInterval(-readyAgo))
    }
}
