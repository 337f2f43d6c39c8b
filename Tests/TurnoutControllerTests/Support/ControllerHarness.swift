import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutPlatforms
import TurnoutRuntime

/// A state directory, a manifest for the tiny_app fixture on a free nginx port, and a controller, for one
/// end-to-end test; `tearDown()` stops everything it started (nginx, instances) through `turnout down`.
struct ControllerHarness {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static var strategies: String { fixtures + "/strategies" }

    let directory: String
    let manifestPath: String
    let port: Int
    let reporter = CollectingProgressReporter()
    let controller: DeployController

    /// Creates the harness; `replicas` instances of tiny_app behind nginx, with the `strategy` file's name.
    init(replicas: Int = 3, strategy: String = "quick-rolling") throws {
        directory = NSTemporaryDirectory() + "turnout-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try PortAllocator(range: 40_000...44_999).allocate()
        manifestPath = directory + "/tiny.yaml"
        let manifest = """
            app: tiny
            services:
              web:
                role: web
                command: ["/usr/bin/env", "python3", "\(Self.fixtures)/tiny_app.py", "${PORT}"]
                port: 8000
                replicas: \(replicas)
                health:
                  path: /ready
                  liveness_path: /health
                  interval: 200ms
                  timeout: 150ms
                  healthy_threshold: 2
                  unhealthy_threshold: 2
                  start_period: 5s
                stop_timeout: 5s
            load_balancer:
              listen: 127.0.0.1:\(port)
              passive_health: {max_fails: 3, fail_timeout: 2s}
            strategy: \(strategy)
            """
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        controller = DeployController(stateDirectory: directory + "/state", reporter: reporter, platform: LocalPlatform.testing(ports: 45_000...49_999))
        LeakGuard.register(directory + "/state")
    }

    /// Deploys the manifest as `label`, with fault switches in `environment`.
    func deploy(_ label: String, strategy: String? = nil, environment: [String: String] = [:]) async throws -> DeployResult {
        try await controller.deploy(DeployOptions(
            manifestPath: manifestPath, versionLabel: label, strategyDirectories: [Self.strategies], strategyOverride: strategy,
            environmentOverrides: environment.isEmpty ? [:] : ["web": environment.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }]))
    }

    /// Starts load through nginx: 16 keep-alive connections until stopped.
    func startLoad(connections: Int = 16) -> LoadGenerator {
        LoadGenerator.start(LoadOptions(targets: [HTTPTarget(host: "127.0.0.1", port: port, path: "/items")], connections: connections,
                                        duration: .seconds(300), timeout: .seconds(5)))
    }

    /// Stops everything and removes the directory.
    func tearDown() async {
        _ = try? await controller.down()
        LeakGuard.unregister(directory + "/state")
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The deploy's events as text, for failure messages.
    var transcript: String { reporter.events.map { "\($0.service ?? "-"): \($0.message)" }.joined(separator: "\n") }
}
