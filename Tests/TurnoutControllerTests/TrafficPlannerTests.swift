import Foundation
import Testing
@testable import TurnoutController
import TurnoutGenerators
import TurnoutRuntime
import TurnoutStrategies

/// Routing to servers: only healthy instances take traffic, weights give each revision its share exactly.
@Suite struct TrafficPlannerTests {
    static func instance(_ id: String, revision: Int, port: Int, state: Instance.State = .healthy) -> FleetInstance {
        .fixture(id, revision: revision, port: port, state: state)
    }

    static let fleet = [
        instance("web-r1-1", revision: 1, port: 9001), instance("web-r1-2", revision: 1, port: 9002),
        instance("web-r1-3", revision: 1, port: 9003), instance("web-r2-1", revision: 2, port: 9101),
        instance("web-r2-2", revision: 2, port: 9102, state: .starting),
    ]

    static func endpoints(_ routing: TrafficState, _ instances: [FleetInstance] = fleet) -> [RoutedEndpoint] {
        TrafficPlanner.routing(for: routing, instances: instances).endpoints
    }

    @Test func weightsGiveEachRevisionItsShare() {
        let routing = TrafficPlanner.routing(for: .weights([TrafficWeight(revision: "r1", percent: 90), TrafficWeight(revision: "r2", percent: 10)]),
                                             instances: Self.fleet)
        let byPort = Dictionary(uniqueKeysWithValues: routing.endpoints.map { ($0.endpoint.port, $0.weight) })
        // 3 stable servers share 90, 1 healthy canary gets 10: 30 : 10 per server, reduced to 3 : 1.
        #expect(byPort == [9001: 3, 9002: 3, 9003: 3, 9101: 1])
        #expect(routing.shares == [RevisionShare(revision: 1, percent: 90), RevisionShare(revision: 2, percent: 10)])
        #expect(TrafficPlanner.weights(for: .weights([TrafficWeight(revision: "r1", percent: 90), TrafficWeight(revision: "r2", percent: 10)]),
                                       instances: Self.fleet) == ["web-r1-1": 3, "web-r1-2": 3, "web-r1-3": 3, "web-r2-1": 1])
    }

    @Test func upstreamSetsKeepOnlyHealthyMembers() {
        #expect(Self.endpoints(.upstream(["web-r1-1", "web-r2-2"])).map(\.endpoint.port) == [9001])
    }

    @Test func activeRevisionServesAndTheOtherStandsBy() {
        let routing = TrafficPlanner.routing(for: .active("r2"), instances: Self.fleet)
        #expect(routing.endpoints.filter { $0.role == .active }.map(\.endpoint.port) == [9101])
        #expect(routing.endpoints.filter { $0.role == .standby }.map(\.endpoint.port) == [9001, 9002, 9003])
        #expect(routing.shares == [RevisionShare(revision: 2, percent: 100), RevisionShare(revision: 1, percent: 0, role: .standby)])
    }

    @Test func nothingToRouteRoutesNowhere() {
        #expect(Self.endpoints(.none).isEmpty)
        #expect(Self.endpoints(.weights([TrafficWeight(revision: "r9", percent: 100)])).isEmpty)
    }

    @Test func routedInstancesStayWhenNoneOfThemIsHealthy() {
        let failing = Self.fleet.map { var copy = $0; copy.state = .unhealthy; return copy }
        #expect(Self.endpoints(.active("r1"), failing).map(\.endpoint.port) == [9001, 9002, 9003])
    }
}
