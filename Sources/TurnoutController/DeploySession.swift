import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// Everything one command needs to act on the running system: the store, the platform and its router, and a
/// fleet per service holding the instances the store (and the platform) knows of.
struct DeploySession {
    let manifest: Manifest
    let store: any StateStore
    let platform: any Platform
    let router: any TrafficRouter
    let traffic: TrafficController
    let fleets: [String: ServiceFleet]
    /// The file listing every live instance for Prometheus, when the manifest has a `prometheus` block.
    let targets: PrometheusTargets?
    /// How the analysis asks Prometheus, once `ensureAccessories` found (or started) the server.
    var prometheus: PrometheusQuerySource.Settings?
    /// Per accessory, the URL the instances reach it at (from the platform, once `ensureAccessories` ran).
    var accessoryURLs: [String: String] = [:]

    static func open(_ manifest: Manifest, store: any StateStore, controller: DeployController) async throws -> DeploySession {
        let platform = try controller.platform(for: manifest)
        let router = platform.router(for: manifest)
        let traffic = TrafficController(router: router, store: store)
        let stored = try store.instances()
        let routing = Dictionary(try store.traffic().map { record in
            (record.service, (try? JSONDecoder().decode(TrafficState.self, from: record.routing)) ?? .none)
        }, uniquingKeysWith: { $1 })
        var fleets: [String: ServiceFleet] = [:]
        let targets = manifest.prometheus.map { _ in PrometheusTargets(path: controller.layout.prometheusTargets) }
        let records = try stored.map { try JSONDecoder().decode(InstanceRecord.self, from: $0.payload) }
        let discovered = try await platform.instances.discover(app: manifest.app, known: records)
        for service in manifest.services {
            let fleet = ServiceFleet(service: service, app: manifest.app, runtime: platform.instances, prober: platform.health, store: store,
                                     targets: targets)
            try await fleet.adopt(records.filter { $0.service == service.name } + discovered.filter { $0.service == service.name })
            fleets[service.name] = fleet
            if service.role == .web { await traffic.register(service.name, fleet: fleet, routing: routing[service.name] ?? .none) }
        }
        if let targets {
            var all: [PrometheusTargets.Target] = []
            for service in manifest.services { all += await fleets[service.name]!.scrapeTargets }
            try targets.replaceAll(all)
        }
        return DeploySession(manifest: manifest, store: store, platform: platform, router: router, traffic: traffic, fleets: fleets, targets: targets)
    }

    /// Starts (or adopts) the accessories the manifest manages, and checks the others are reachable; then
    /// does the same for its Prometheus (see `ensurePrometheus`).
    mutating func ensureAccessories(_ controller: DeployController, journal: DeployJournal?) async throws {
        accessoryURLs = try await platform.accessories.ensure(manifest) { journal?.event(service: nil, kind: "accessory", $0) }
        prometheus = try await ensurePrometheus(controller, journal: journal)
    }

    /// The routing equivalent to `routing` as an explicit upstream set of the instances it sends traffic to
    /// (the form rollbacks use).
    func upstreamEquivalent(of service: String) async -> TrafficState {
        guard let fleet = fleets[service] else { return .none }
        let routing = await traffic.routing(of: service)
        let instances = await fleet.all.filter { $0.state.isLive }
        switch routing {
        case .upstream, .none:
            return routing
        case .weights, .active:
            return .upstream(Set(instances.filter { routing.routes(to: $0.instance) }.map { InstanceID($0.record.id) }))
        }
    }
}
