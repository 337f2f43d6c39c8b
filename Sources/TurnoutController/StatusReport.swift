import Foundation
import TurnoutRuntime
import TurnoutState

/// What `turnout status` shows: the stable revision, the deploy in progress (live or interrupted), nginx,
/// and per service its routing and instances with their health checked now.
public struct StatusReport: Codable, Sendable {
    /// One instance.
    public struct InstanceStatus: Codable, Sendable {
        public var id: String
        public var revision: Int
        /// The platform's name for it: `process 1234:5678`, `container 3f2a1b9c0d4e`.
        public var handle: String
        /// Where it serves.
        public var endpoint: String?
        /// `healthy`, `failing`, `crashed`, `stopping`, `stopped` (a stop interrupted by a crash of Turnout).
        public var state: String
        /// The failed probe or how it ended.
        public var detail: String?
        /// Its output, when the platform keeps it in a file.
        public var log: String?
        /// Seconds left of its warm-up (its requests do not count in the analysis yet), while it runs.
        public var warmupRemaining: Double?
    }

    /// One service.
    public struct ServiceStatus: Codable, Sendable {
        public var name: String
        public var role: String
        public var traffic: String
        public var instances: [InstanceStatus]
    }

    /// One accessory Turnout started or checked.
    public typealias AccessoryStatus = AccessoryState

    /// The application.
    public var app: String?
    /// The revision that is stable, with its label.
    public var stableRevision: Int?
    public var stableLabel: String?
    /// The deploy that has not finished, if any.
    public var unfinishedDeploy: DeployRecord?
    /// Whether that deploy's process is gone (it must be resumed or rolled back).
    public var interrupted: Bool
    /// Who holds the deploy lock.
    public var lock: LockHolder?
    /// The router, when it serves (`nginx (PID 1234) on 127.0.0.1:8080`).
    public var router: String?
    /// Where nginx listens.
    public var listen: String?
    /// Per service.
    public var services: [ServiceStatus]
    /// The accessories of the state directory's records.
    public var accessories: [AccessoryStatus] = []
    /// The latest analysis measurements and verdicts of the deploy in progress (or the last deploy).
    public var analysis: [String] = []

    /// Lines for a terminal.
    public var text: String {
        var lines: [String] = []
        lines.append("app: \(app ?? "nothing deployed")")
        lines.append("stable revision: \(stableRevision.map { "\($0) (\(stableLabel ?? "?"))" } ?? "none")")
        if let deploy = unfinishedDeploy {
            let state = interrupted ? "INTERRUPTED (run `turnout resume` or `turnout rollback`)" : "in progress (PID \(lock?.pid ?? deploy.holderPID))"
            lines.append("deploy \(deploy.id): \(deploy.kind.rawValue) of revision \(deploy.revision) with \(deploy.strategy), \(state)")
        }
        lines.append("router: " + (router ?? "not running"))
        for service in services {
            lines.append("\(service.name) (\(service.role)): traffic \(service.traffic)")
            for instance in service.instances {
                let endpoint = instance.endpoint.map { " on \($0)" } ?? ""
                let warming = instance.warmupRemaining.map { String(format: ", warming up: %.1fs left", $0) } ?? ""
                lines.append("  \(instance.id)  r\(instance.revision)  \(instance.handle)\(endpoint)  \(instance.state)\(warming)" + (instance.detail.map { "  (\($0))" } ?? ""))
            }
            if service.instances.isEmpty { lines.append("  no instances") }
        }
        for accessory in accessories {
            let pid = accessory.pid.map { " (PID \($0))" } ?? ""
            let files = accessory.directory.map { ", files in \($0)" } ?? ""
            let socket = accessory.socketDirectory.map { ", socket in \($0)" } ?? ""
            lines.append("accessory \(accessory.name) (\(accessory.kind)): \(accessory.state)\(pid) on \(accessory.endpoint)\(files)\(socket)")
        }
        if !analysis.isEmpty {
            lines.append(unfinishedDeploy == nil ? "last deploy's analysis:" : "analysis:")
            lines += analysis.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
