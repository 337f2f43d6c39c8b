import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

@Suite struct TrafficPlanTests {
    @Test func localServersUseConsecutivePortsFromTheServicePort() throws {
        let plan = try TrafficPlan.derived(from: Fixtures.stage2, runtime: .local)
        #expect(plan.servers["api"]?.map(\.port) == [9000, 9001, 9002])
        #expect(plan.servers["api"]?.allSatisfy { $0.host == "127.0.0.1" && $0.weight == 1 } == true)
        #expect(plan.servers["worker-email"] == nil)
    }

    @Test func containerServersAreServiceNames() throws {
        for runtime in [RuntimeKind.docker, .kubernetes] {
            #expect(try TrafficPlan.derived(from: Fixtures.stage2, runtime: runtime).servers["api"]
                    == [TrafficPlan.Server(host: "api", port: 9000)])
        }
    }

    @Test(arguments: [(1, 3, 10), (2, 4, 25), (1, 1, 50), (3, 1, 5)])
    func canarySplitGivesTheCanaryItsShareExactly(canaries: Int, stables: Int, percent: Int) {
        let stable = (0..<stables).map { TrafficPlan.Server(host: "10.0.0.1", port: 1000 + $0) }
        let canary = (0..<canaries).map { TrafficPlan.Server(host: "10.0.0.2", port: 2000 + $0) }
        let split = TrafficPlan.canarySplit(stable: stable, canary: canary, canaryPercent: percent)
        let total = split.map(\.weight).reduce(0, +)
        let canaryTotal = split.suffix(canaries).map(\.weight).reduce(0, +)
        #expect(canaryTotal * 100 == percent * total)
        #expect(split.allSatisfy { !$0.down && $0.weight >= 1 })
    }

    @Test func canarySplitAtTheEndsDrainsAGroup() {
        let stable = [TrafficPlan.Server(host: "a", port: 1)]
        let canary = [TrafficPlan.Server(host: "b", port: 2)]
        #expect(TrafficPlan.canarySplit(stable: stable, canary: canary, canaryPercent: 0).map(\.down) == [false, true])
        #expect(TrafficPlan.canarySplit(stable: stable, canary: canary, canaryPercent: 100).map(\.down) == [true, false])
    }

    @Test func standbyServersGetTheirOwnUpstreamAndThePreviewServer() throws {
        let text = try NginxConfigRenderer().render(Fixtures.blueGreen, plan: Fixtures.blueGreenPlan)
        #expect(text.contains("upstream api_standby {"))
        #expect(text.contains("listen 127.0.0.1:8081;"))
        #expect(text.contains("proxy_pass http://api_standby;"))
        #expect(!text.contains(" backup"))
        #expect(!text.contains("least_conn"), "round_robin writes no balancing directive")
    }

    @Test func anUpstreamWithoutActiveServersIsRefused() {
        let plan = TrafficPlan(servers: ["api": [TrafficPlan.Server(host: "127.0.0.1", port: 1, role: .standby)]])
        #expect(throws: GeneratorError.self) { try NginxConfigRenderer().render(Fixtures.stage2, plan: plan) }
    }

    @Test func aPathRoutedTwiceIsRefused() {
        var manifest = Fixtures.blueGreen
        manifest.loadBalancer.routes.append(LoadBalancer.Route(path: "/", service: "admin"))
        #expect(throws: GeneratorError.self) { try NginxConfigRenderer().render(manifest) }
    }
}
