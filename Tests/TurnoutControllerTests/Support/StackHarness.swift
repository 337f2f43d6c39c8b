import Foundation
import Testing
import TurnoutController
import TurnoutLoad
import TurnoutManifest
import TurnoutPlatforms
import TurnoutRuntime

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The bundled application deployed by the controller: the API, an email worker pool, and Redis and
/// PostgreSQL started by Turnout itself, each on free loopback ports in a temporary state directory; with
/// `prometheus`, also a managed Prometheus scraping every instance each second. On the `docker` runtime the
/// API and workers are containers of the bundled images (built once per test process).
struct StackHarness {
    let directory: String
    let manifestPath: String
    let port: Int
    let redisPort: Int
    let controller: DeployController
    let reporter = CollectingProgressReporter()

    /// `workers` email workers with `workerConcurrency` jobs in hand each; `workerArguments` are added to
    /// the worker's command line (e.g. a fixed email send time); `prometheus` adds a managed Prometheus (1 s
    /// scrape interval) that the analysis asks.
    init(workers: Int = 2, workerConcurrency: Int = 4, workerArguments: [String] = [], prometheus: Bool = false, runtime: RuntimeKind = .local) throws {
        directory = NSTemporaryDirectory() + "turnout-stack-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ports = try PortAllocator(range: 51_000...54_999).allocate(count: 3)
        (port, redisPort) = (ports[0], ports[1])
        manifestPath = directory + "/stack.yaml"
        let docker = runtime == .docker
        let manifest = """
            app: stack
            runtime: \(runtime.rawValue)
            services:
              api:
                role: web
                \(docker ? "image: \(StackImages.api)" : "")
                command: ["turnout-api", "--port", "${PORT}", "--seed-posts", "20"]
                port: 8000
                replicas: 2
                uses: [redis, postgres]
                metrics_path: /metrics
                health: {path: /api/v1/ready, liveness_path: /api/v1/health, interval: 300ms, timeout: 250ms, start_period: 20s}
                stop_timeout: 10s
              worker-email:
                role: worker
                \(docker ? "image: \(StackImages.worker)\n    port: 9100" : "")
                command: ["turnout-worker", "--queues", "email", "--concurrency", "\(workerConcurrency)", "--metrics-port", "${PORT}", "--stop-timeout", "5s"\(workerArguments.map { ", \"\($0)\"" }.joined())]
                queues: [email]
                replicas: \(workers)
                concurrency: \(workerConcurrency)
                uses: [redis]
                metrics_path: /metrics
                health: {path: /health, interval: 300ms, timeout: 250ms}
                stop_timeout: 8s
            load_balancer:
              listen: 127.0.0.1:\(port)
            accessories:
              redis: {type: redis, managed: true, port: \(redisPort), env: TURNOUT_REDIS_URL}
              postgres: {type: postgres, managed: true, port: \(ports[2]), database: stack, user: stack, env: TURNOUT_DATABASE_URL}
            strategy: {type: rolling, max_surge: 1, max_unavailable: 0, progress_deadline: 60s}
            \(prometheus ? "prometheus: {managed: true, scrape_interval: 1s}" : "")
            """
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        controller = DeployController(stateDirectory: directory + "/state", reporter: reporter,
                                      platform: docker ? { _, layout in DockerPlatform(layout: layout) } : LocalPlatform.testing(ports: 55_000...58_999))
        LeakGuard.register(directory + "/state")
    }

    /// Deploys as `label`; `api` adds environment variables to the API's instances (fault switches), and
    /// `environment` to any service's.
    func deploy(_ label: String, strategy: String? = nil, api: [String: String] = [:],
                environment: [String: [EnvironmentVariable]] = [:]) async throws -> DeployResult {
        var overrides = environment
        if !api.isEmpty { overrides["api", default: []] += api.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) } }
        return try await controller.deploy(DeployOptions(
            manifestPath: manifestPath, versionLabel: label, strategyDirectories: [ControllerHarness.strategies], strategyOverride: strategy,
            environmentOverrides: overrides))
    }

    /// Load through nginx on the API's cached list and single-post reads.
    func startLoad(connections: Int = 16) -> LoadGenerator {
        LoadGenerator.start(LoadOptions(
            targets: [HTTPTarget(host: "127.0.0.1", port: port, path: "/api/v1/posts"), HTTPTarget(host: "127.0.0.1", port: port, path: "/api/v1/posts/3")],
            connections: connections, duration: .seconds(300)))
    }

    /// POSTs `body` as JSON to the load balancer and returns the status and body.
    func post(_ path: String, _ body: String) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// A Redis command's integer answer (`GET` of a counter, `SCARD`, `LLEN`), through redis-cli.
    func redisInteger(_ arguments: [String]) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        process.arguments = ["-p", String(redisPort), "--raw"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Waits up to `timeout` until the email workers have completed `enqueued` jobs, then checks that each
    /// was completed exactly once and none died; returns how many were completed.
    @discardableResult
    func expectEveryEmailJobDoneOnce(_ enqueued: Int, within timeout: TimeInterval = 60) async throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var completed = 0
        while Date() < deadline {
            completed = try redisInteger(["GET", "turnout:completed:email"])
            if completed >= enqueued { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(completed == enqueued, "completed \(completed) of \(enqueued)")
        #expect(try redisInteger(["SCARD", "turnout:completed-ids:email"]) == enqueued)
        #expect(try redisInteger(["GET", "turnout:completed:email:duplicates"]) == 0)
        #expect(try redisInteger(["LLEN", "turnout:dead:email"]) == 0)
        return completed
    }

    func tearDown() async {
        _ = try? await controller.down()
        LeakGuard.unregister(directory + "/state")
        try? FileManager.default.removeItem(atPath: directory)
    }

    var transcript: String { reporter.events.map { "\($0.service ?? "-"): \($0.message)" }.joined(separator: "\n") }
}
