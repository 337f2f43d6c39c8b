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
        let stored = try store.instances()
        var services: [StatusReport.ServiceStatus] = []
        for service in manifest?.services ?? [] {
            var instances: [StatusReport.InstanceStatus] = []
            for item in stored where item.service == service.name {
                let record = try JSONDecoder().decode(InstanceRecord.self, from: item.payload)
                var state = record.state == .stopping ? "stopping" : "running"
                var detail: String?
                let process = runtime.status(record)
                if !process.isRunning {
                    // A stop Turnout did not see to its end (it was killed meanwhile): the next command forgets it.
                    state = record.state == .stopping ? "stopped" : "crashed"
                    detail = "\(process)"
                } else if let check = service.health, let port = check.port ?? record.port {
                    switch await prober.probe(check, host: "127.0.0.1", port: port) {
                    case .passed: state = "healthy"
                    case .failed(let reason): state = "failing"; detail = reason
                    }
                }
                var status = StatusReport.InstanceStatus(id: record.id, revision: record.revision, pid: record.pid, port: record.port, state: state,
                                                         detail: detail, log: record.logPath)
                if let warmup, let ready = record.readyAt, record.revision == unfinished?.revision, state == "healthy" {
                    let left = ready.addingTimeInterval(warmup.seconds).timeIntervalSince(now)
                    if left > 0 { status.warmupRemaining = left }
                }
                instances.append(status)
            }
            services.append(.init(name: service.name, role: service.role.rawValue, traffic: service.role == .web ? traffic[service.name] ?? "none" : "n/a (worker)",
                                  instances: instances))
        }
        let router = manifest.map { makeRouter(layout, $0) }
        let watched = try unfinished ?? store.deploys(limit: 1).first
        let analysis = try watched.map { try store.events(deployID: $0.id).filter { $0.kind == "analysis" }.suffix(5).map(\.message) } ?? []
        var report = StatusReport(
            app: manifest?.app, stableRevision: stableNumber, stableLabel: stable?.versionLabel, unfinishedDeploy: unfinished,
            interrupted: unfinished != nil && !(holder.map(ProcessIdentity.isAlive) ?? false), lock: holder,
            nginxPID: router?.servingPID(), listen: manifest?.loadBalancer.listen, services: services)
        report.analysis = analysis
        report.accessories = accessoryStatuses()
        return report
    }
}
