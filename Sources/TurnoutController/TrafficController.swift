import Foundation
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// Holds each web service's routing (as the strategies set it) and keeps the router serving exactly the
/// healthy instances that routing names: after every change of routing or of an instance's health, the plan is
/// recomputed and applied if it differs from what nginx serves.
actor TrafficController {
    let router: any TrafficRouter
    let store: any StateStore
    private var fleets: [String: ServiceFleet] = [:]
    private var routing: [String: TrafficState] = [:]
    private var applied: RoutingTable?
    private var servingChecked: ContinuousClock.Instant?

    init(router: any TrafficRouter, store: any StateStore) {
        self.router = router
        self.store = store
    }

    /// Adds a web service's fleet and its current routing (restored from the store, or none).
    func register(_ service: String, fleet: ServiceFleet, routing initial: TrafficState) {
        fleets[service] = fleet
        routing[service] = initial
    }

    /// The routing of `service`.
    func routing(of service: String) -> TrafficState { routing[service] ?? .none }

    /// The weight nginx gives each instance of `service` that takes live traffic now (instance id -> weight).
    func weights(of service: String) async -> [String: Int] {
        guard let fleet = fleets[service] else { return [:] }
        return TrafficPlanner.weights(for: routing[service] ?? .none, instances: await fleet.all)
    }

    /// Sets a service's routing, records it, and applies the resulting plan before returning.
    func set(_ service: String, _ newRouting: TrafficState) async throws {
        routing[service] = newRouting
        try store.setTraffic(TrafficRecord(
            service: service, routing: try JSONEncoder().encode(newRouting), summary: TrafficPlanner.summary(newRouting)))
        try await reconcile()
    }

    /// Recomputes the routing table from the fleets' current health and applies it when it changed, or when
    /// the router is no longer serving (looked at most once per ``servingCheckInterval``). Returns whether it
    /// applied a table, so the caller can book the time as routing.
    @discardableResult
    func reconcile() async throws -> Bool {
        var services: [String: ServiceRouting] = [:]
        for (service, fleet) in fleets {
            services[service] = TrafficPlanner.routing(for: routing[service] ?? .none, instances: await fleet.all)
        }
        let table = RoutingTable(services: services)
        let now = ContinuousClock.now
        if let applied, applied == table {
            if let checked = servingChecked, now - checked < Self.servingCheckInterval { return false }
            servingChecked = now
            if await router.isServing() { return false }
        }
        try await router.apply(table)
        applied = table
        servingChecked = now
        return true
    }

    /// How often an unchanged plan is checked for nginx still serving it.
    static let servingCheckInterval: Duration = .seconds(1)
}
