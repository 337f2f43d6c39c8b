import Foundation
import Testing
@testable import TurnoutController
import TurnoutGenerators
import TurnoutRuntime
import TurnoutStrategies

/// Routing to servers: only healthy instances take traffic, weights give each revision its share exactly.
@Suite struct TrafficPlannerTests {
    static func instance(_ id: String, revision: Int, port: Int, state: Instance.State = .healthy) -> FleetInstance {
        FleetInstance(record: InstanceRecord(id: id, service: "web", revision: revision, ordinal: 1, pid: 1, processStartTime: 1, port: port,
                                             logPath: "/dev/null", startedAt: Date()), state: state)
    }

    static let fleet = [
        instance("web-r1-1", revision: 1, port: 9001), instance("web-r1-2", revision: 1, port: 9002),
        instance("web-r1-3", revision: 1, port: 9003), instance("web-r2-1", revision: 2, port: 9101),
        instance("web-r2-2", revision: 2, port: 9102, state: .starting),
    ]

    @Test func weightsGiveEachRevisionItsShare() {
        let servers = TrafficPlanner.servers(for: .weights([TrafficWeight(revision: "r1", percent: 90), TrafficWeight(revision: "r2", percent: 10)]),
                                             instances: Self.fleet)
        let byPort = Dictionary(uniqueKeysWithValues: servers.map { ($0.port, $0.weight) })
        // 3 stable servers share 90, 1 healthy canary gets 10: 30 : 10 per server, reduced to 3 : 1.
        #expect(byPort == [9001: 3, 9002: 3, 9003: 3, 9101: 1])
        #expect(!servers.contains { $0.port == 9102 })
    }

    @Test func upstreamSetsKeepOnlyHealthyMembers() {
        let servers = TrafficPlanner.servers(for: .upstream(["web-r1-1", "web-r2-2"]), instances: Self.fleet)
        #expect(servers.map(\.port) == [9001])
    }

    @Test func activeRevisionServesAndTheOtherStandsBy() {
        let servers = TrafficPlanner.servers(for: .active("r2"), instances: Self.fleet)
        #expect(servers.filter { $0.role == .active }.map(\.port) == [9101])
        #expect(servers.filter { $0.role == .standby }.map(\.port) == [9001, 9002, 9003])
    }

    @Test func nothingToRouteGivesADownPlaceholder() {
        #expect(TrafficPlanner.servers(for: .none, instances: Self.fleet) == [TrafficPlanner.placeholder])
        #expect(TrafficPlanner.servers(for: .weights([TrafficWeight(revision: "r9", percent: 100)]), instances: Self.fleet) == [TrafficPlanner.placeholder])
    }

    @Test func routedInstancesStayWhenNoneOfThemIsHealthy() {
        let failing = Self.fleet.map { var copy = $0; copy.state = .unhealthy; return copy }
        #expect(TrafficPlanner.servers(for: .active("r1"), instances: failing).map(\.port) == [9001, 9002, 9003])
    }
}
