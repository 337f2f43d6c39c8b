import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

extension DeployController {
    /// Sends `promote` (or `promote --full`) to the running deploy: ends a pause or manual gate early, or
    /// jumps a canary to 100 %.
    public func promote(full: Bool) throws -> OperatorCommandRecord {
        try command(full ? .promoteFull : .promote)
    }

    /// Sends `abort` to the running deploy: it rolls back, traffic first.
    public func abort() throws -> OperatorCommandRecord { try command(.abort) }

    private func command(_ kind: OperatorCommand.Kind) throws -> OperatorCommandRecord {
        let store = try openStore()
        guard let deploy = try store.unfinishedDeploy() else {
            throw ControllerError("no deploy is running", hint: "`turnout status` shows the current state")
        }
        guard let holder = try store.lockHolder(), ProcessIdentity.isAlive(holder) else {
            throw ControllerError("deploy \(deploy.id) was interrupted: nobody is running it to act on a command",
                                  hint: "run `turnout resume` (then promote) or `turnout rollback`")
        }
        return try store.addCommand(OperatorCommandRecord(deployID: deploy.id, kind: kind.rawValue, at: Date()))
    }

    /// The deploys, newest first.
    public func history(limit: Int = 20) throws -> [DeployRecord] { try openStore().deploys(limit: limit) }

    /// A deploy's events, in order.
    public func events(of deployID: Int64) throws -> [DeployEvent] { try openStore().events(deployID: deployID) }

    /// Stops everything Turnout runs for the application: nginx first (no new traffic), then every instance
    /// (gracefully, each with its stop timeout), then the managed accessories and Prometheus. History is kept.
    public func down(lockWait: Duration? = nil) async throws -> [String] {
        let store = try openStore()
        return try await withLock(store, purpose: "turnout down", wait: lockWait) {
            var stopped: [String] = []
            let instances = try store.instances()
            let revisionText = try (store.stableRevision() ?? instances.map(\.revision).max()).flatMap { try store.revision($0) }
                ?? store.revisions(limit: 1).first
            let manifest = revisionText.flatMap { try? RevisionManifest.load($0, needsStrategy: false) }
            let platform = try makePlatform(manifest, layout)
            if let manifest {
                await platform.router(for: manifest).stop()
                stopped.append("load balancer")
            } else {
                // No revision to read the manifest from (a first deploy that failed).
                stopped += await platform.stopLeftovers()
            }
            for item in instances {
                let record = try JSONDecoder().decode(InstanceRecord.self, from: item.payload)
                let timeout = manifest?.service(named: item.service)?.stopTimeout ?? .seconds(30)
                let result = try await platform.instances.stop(record, timeout: timeout)
                try store.removeInstance(id: item.id)
                stopped.append("\(item.id) (\(result))")
            }
            try? PrometheusTargets.clear(path: layout.prometheusTargets)
            stopped += await platform.accessories.stopAll()
            if var deploy = try store.unfinishedDeploy() {
                deploy.outcome = .aborted
                deploy.reason = "stopped by turnout down"
                deploy.endedAt = Date()
                try store.updateDeploy(deploy)
            }
            for traffic in try store.traffic() {
                try store.setTraffic(TrafficRecord(service: traffic.service, routing: try JSONEncoder().encode(TrafficState.none), summary: "none"))
            }
            return stopped
        }
    }
}
