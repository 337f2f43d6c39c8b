import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState

extension DeployController {
    /// The current state, with every instance's process and health checked now.
    public func status() async throws -> StatusReport {
        let store = try openStore()
        let unfinished = try store.unfinishedDeploy()
        let holder = try store.lockHolder()
        let stableNumber = try store.stableRevision()
        let stable = try stableNumber.flatMap { try store.revision($0) }
        let newest = try unfinished.flatMap { try store.revision($0.revision) } ?? stable
        let manifest = newest.flatMap { try? RevisionManifest.load($0, needsStrategy: false) }
        // Instances of the deploy in progress whose requests do not count in its analysis yet.
        let warmup = unfinished == nil ? nil : manifest?.strategy.warmup
        let now = Date()
        let traffic = Dictionary(try store.traffic().map { ($0.service, $0.summary) }, uniquingKeysWith: { $1 })
        let records: [InstanceRecord] = try store.instances().map { try JSONDecoder().decode(InstanceRecord.self, from: $0.payload) }
        let platform: (any Platform)? = try manifest.map { try self.platform(for: $0) }
        let statuses = await platform?.instances.statuses(records) ?? [:]
        var services: [StatusReport.ServiceStatus] = []
        for service in manifest?.services ?? [] {
            var instances: [StatusReport.InstanceStatus] = []
            for record in records where record.service == service.name {
                var state = record.state == .stopping ? "stopping" : "running"
                var detail: String?
                let current = statuses[record.id] ?? .gone
                if !current.isRunning {
                    // A stop Turnout did not see to its end (it was killed meanwhile): the next command forgets it.
                    state = record.state == .stopping ? "stopped" : "crashed"
                    detail = "\(current)"
                } else if let check = service.health, let platform {
                    switch await platform.health.probe(check, instance: record) {
                    case .passed: state = "healthy"
                    case .failed(let reason): state = "failing"; detail = reason
                    }
                }
                var status = StatusReport.InstanceStatus(id: record.id, revision: record.revision, handle: record.handle.description,
                                                         endpoint: record.endpoint?.description, state: state, detail: detail,
                                                         log: record.handle.attributes["log"])
                if let warmup, let ready = record.readyAt, record.revision == unfinished?.revision, state == "healthy" {
                    let left = ready.addingTimeInterval(warmup.seconds).timeIntervalSince(now)
                    if left > 0 { status.warmupRemaining = left }
                }
                instances.append(status)
            }
            services.append(.init(name: service.name, role: service.role.rawValue, traffic: service.role == .web ? traffic[service.name] ?? "none" : "n/a (worker)",
                                  instances: instances))
        }
        let router = manifest.flatMap { manifest in platform.map { $0.router(for: manifest) } }
        let watched = try unfinished ?? store.deploys(limit: 1).first
        let analysis = try watched.map { try store.events(deployID: $0.id).filter { $0.kind == "analysis" }.suffix(5).map(\.message) } ?? []
        var report = StatusReport(
            app: manifest?.app, stableRevision: stableNumber, stableLabel: stable?.versionLabel, unfinishedDeploy: unfinished,
            interrupted: unfinished != nil && !(holder.map(ProcessIdentity.isAlive) ?? false), lock: holder,
            router: await router?.describe(), listen: manifest?.loadBalancer.listen, services: services)
        report.analysis = analysis
        let accessories = try platform?.accessories ?? makePlatform(nil, layout).accessories
        report.accessories = await accessories.statuses()
        return report
    }
}
