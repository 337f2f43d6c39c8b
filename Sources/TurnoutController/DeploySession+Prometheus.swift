import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime

extension DeploySession {
    /// The Prometheus the manifest names, ready to be asked: a managed one started (or adopted from its
    /// record) under `STATE/prometheus`, or the existing one at its URL (only checked: one that does not
    /// answer makes its metrics inconclusive, and the deploy says so). `nil` without a `prometheus` block.
    func ensurePrometheus(_ controller: DeployController, journal: DeployJournal?) async throws -> PrometheusQuerySource.Settings? {
        guard let settings = manifest.prometheus else { return nil }
        switch settings.server {
        case .external(let host, let port):
            if !(await PrometheusServer.isReady(host: host, port: port)) {
                journal?.event(service: nil, kind: "accessory",
                               "prometheus at http://\(host):\(port) does not answer /-/ready: the metrics it is asked for will be inconclusive until it does")
            }
            return PrometheusQuerySource.Settings(settings, host: host, port: port)
        case .managed:
            let layout = controller.layout
            let server = PrometheusServer(directory: layout.prometheus)
            let existing = FileManager.default.contents(atPath: layout.prometheusRecord).flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }
            let record = try await server.ensureRunning(scrapeInterval: settings.scrapeInterval, targetsFile: layout.prometheusTargets, existing: existing)
            if existing?.pid != record.pid {
                journal?.event(service: nil, kind: "accessory",
                               "started prometheus on port \(record.port) (PID \(record.pid.map(String.init) ?? "?")), scraping every \(settings.scrapeInterval)")
            }
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: layout.prometheusRecord), options: .atomic)
            return PrometheusQuerySource.Settings(settings, host: record.host, port: record.port)
        }
    }
}

extension DeployController {
    /// Stops the managed Prometheus this state directory records, and empties the targets file (so that a
    /// Prometheus of the user's stops scraping instances that no longer run).
    func stopPrometheus() async -> [String] {
        try? PrometheusTargets.clear(path: layout.prometheusTargets)
        guard let data = FileManager.default.contents(atPath: layout.prometheusRecord),
              let record = try? JSONDecoder().decode(AccessoryRecord.self, from: data) else { return [] }
        let result = try? await PrometheusServer(directory: layout.prometheus).stop(record)
        try? FileManager.default.removeItem(atPath: layout.prometheusRecord)
        return ["prometheus (\(result.map { "\($0)" } ?? "not stopped"))"]
    }
}
