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
            let ready: Bool
            if case .success(let response) = await HTTPFetch.get(host: host, port: port, path: "/-/ready", timeout: .seconds(2)) {
                ready = response.status == 200
            } else {
                ready = false
            }
            if !ready {
                journal?.event(service: nil, kind: "accessory",
                               "prometheus at http://\(host):\(port) does not answer /-/ready: the metrics it is asked for will be inconclusive until it does")
            }
            return PrometheusQuerySource.Settings(settings, host: host, port: port)
        case .managed:
            let server = try await platform.accessories.ensurePrometheus(scrapeInterval: settings.scrapeInterval, targetsFile: controller.layout.prometheusTargets)
            if server.started {
                journal?.event(service: nil, kind: "accessory",
                               "started prometheus on port \(server.endpoint.port) (\(server.process)), scraping every \(settings.scrapeInterval)")
            }
            return PrometheusQuerySource.Settings(settings, host: server.endpoint.host, port: server.endpoint.port)
        }
    }
}
