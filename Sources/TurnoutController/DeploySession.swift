import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// Everything one command needs to act on the running system: the store, nginx, and a fleet per service
/// holding the instances the store knows of.
struct DeploySession {
    let manifest: Manifest
    let store: any StateStore
    let router: any TrafficRouter
    let traffic: TrafficController
    let fleets: [String: ServiceFleet]
    /// The file listing every live instance for Prometheus, when the manifest has a `prometheus` block.
    let targets: PrometheusTargets?
    /// How the analysis asks Prometheus, once `ensureAccessories` found (or started) the server.
    var prometheus: PrometheusQuerySource.Settings?

    static func open(_ manifest: Manifest, store: any StateStore, controller: DeployController) async throws -> DeploySession {
        let router = controller.makeRouter(controller.layout, manifest)
        let traffic = TrafficController(router: router, store: store)
        let stored = try store.instances()
        let routing = Dictionary(try store.traffic().map { record in
            (record.service, (try? JSONDecoder().decode(TrafficState.self, from: record.routing)) ?? .none)
        }, uniquingKeysWith: { $1 })
        var fleets: [String: ServiceFleet] = [:]
        let targets = manifest.prometheus.map { _ in PrometheusTargets(path: controller.layout.prometheusTargets) }
        for service in manifest.services {
            let fleet = ServiceFleet(service: service, runtime: controller.runtime, prober: controller.prober, store: store,
                                     layout: controller.layout, ports: controller.ports, targets: targets)
            try await fleet.adopt(stored)
            fleets[service.name] = fleet
            if service.role == .web { await traffic.register(service.name, fleet: fleet, routing: routing[service.name] ?? .none) }
        }
        if let targets {
            var all: [PrometheusTargets.Target] = []
            for service in manifest.services { all += await fleets[service.name]!.scrapeTargets }
            try targets.replaceAll(all)
        }
        return DeploySession(manifest: manifest, store: store, router: router, traffic: traffic, fleets: fleets, targets: targets)
    }

    /// Starts (or adopts) the accessories the manifest manages, and checks the others are reachable; then
    /// does the same for its Prometheus (see `ensurePrometheus`).
    mutating func ensureAccessories(_ controller: DeployController, journal: DeployJournal?) async throws {
        let manager = AccessoryManager(stateDirectory: controller.layout.accessories, application: manifest.app)
        for accessory in manifest.accessories {
            let recordPath = "\(controller.layout.accessories)/\(accessory.name).json"
            let existing = FileManager.default.contents(atPath: recordPath).flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }
            let record = try await manager.ensureRunning(accessory, existing: existing)
            if accessory.managed, existing?.pid != record.pid {
                journal?.event(service: nil, kind: "accessory", "started \(accessory.kind.rawValue) \(accessory.name) on port \(record.port) (PID \(record.pid.map(String.init) ?? "?"))")
            }
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: recordPath), options: .atomic)
        }
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
