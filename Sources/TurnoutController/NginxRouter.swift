import Foundation
import TurnoutGenerators
import TurnoutManifest
import TurnoutRuntime

/// The local runtime's traffic router: an nginx that Turnout starts under `STATE/nginx` and reconfigures by
/// writing the whole configuration atomically, testing it with `nginx -t`, and reloading. A configuration
/// that fails the test is never installed; a reload counts as done only once nginx answers the new plan's
/// generation at `/turnout-lb-health`.
final class NginxRouter: @unchecked Sendable {
    let layout: StateLayout
    let manifest: Manifest
    let runner: CommandRunner
    let templates: TemplateSet
    private let lock = NSLock()
    private var lastApplied: TrafficPlan?

    init(layout: StateLayout, manifest: Manifest, templates: TemplateSet = .embedded, runner: CommandRunner = CommandRunner()) {
        self.layout = layout
        self.manifest = manifest
        self.templates = templates
        self.runner = runner
    }

    static let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    var prefix: String { layout.nginxPrefix + "/" }
    var configPath: String { layout.nginxPrefix + "/nginx.conf" }
    var pidPath: String { layout.nginxPrefix + "/nginx.pid" }
    var generationPath: String { layout.nginxPrefix + "/generation" }
    /// The JSON access log the analysis reads.
    var accessLogPath: String { layout.nginxPrefix + "/access.log" }

    /// Where nginx can be reached on this host for its own health endpoint.
    var probeAddress: (host: String, port: Int) {
        let listen = manifest.loadBalancer.listen
        let port = manifest.loadBalancer.listenPort ?? 80
        var host = listen.contains(":") && !listen.hasPrefix("[") ? String(listen[..<listen.lastIndex(of: ":")!]) : "127.0.0.1"
        if host == "0.0.0.0" || host == "localhost" || host.isEmpty { host = "127.0.0.1" }
        return (host, port)
    }

    /// nginx's master PID, if it is running.
    func masterPID() -> Int32? {
        guard let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              let stat = ProcStat.read(pid: pid), !stat.isZombie else { return nil }
        return pid
    }

    /// Whether `plan` (ignoring its generation) is what nginx serves now.
    func isCurrent(_ plan: TrafficPlan) -> Bool {
        lock.withLock { lastApplied.map { $0.servers == plan.servers } ?? false } && masterPID() != nil
    }

    /// Installs `plan` and waits until nginx serves it: renders, tests, renames into place, then starts nginx
    /// or reloads it.
    func apply(_ plan: TrafficPlan) async throws {
        try FileManager.default.createDirectory(atPath: layout.nginxPrefix, withIntermediateDirectories: true)
        var numbered = plan
        let generation = (Int((try? String(contentsOfFile: generationPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0) + 1
        numbered.generation = generation
        let text = try NginxConfigRenderer(templates: templates, flavor: .local).render(manifest, plan: numbered)
        let candidate = configPath + ".next"
        try text.write(toFile: candidate, atomically: true, encoding: .utf8)
        let testLog = layout.nginxPrefix + "/test.log"
        try? FileManager.default.removeItem(atPath: testLog)
        let test = try await runner.run([Self.nginx, "-t", "-q", "-e", "stderr", "-p", prefix, "-c", candidate],
                                        output: .appendToFile(testLog), timeout: .seconds(30))
        guard test.succeeded else {
            let detail = (try? String(contentsOfFile: testLog, encoding: .utf8)) ?? ""
            throw ControllerError("nginx rejected the new configuration (\(test)); nothing was reloaded: \(detail.trimmingCharacters(in: .whitespacesAndNewlines))",
                                  hint: "the rejected file is \(candidate)")
        }
        guard rename(candidate, configPath) == 0 else { throw ControllerError("cannot install \(configPath): \(String(cString: strerror(errno)))") }
        try String(generation).write(toFile: generationPath, atomically: true, encoding: .utf8)
        if let pid = masterPID() {
            guard kill(pid, SIGHUP) == 0 else { throw ControllerError("cannot signal nginx (PID \(pid)) to reload: \(String(cString: strerror(errno)))") }
        } else {
            try start()
        }
        try await waitUntilServing(generation)
        lock.withLock { lastApplied = plan }
    }

    /// Starts nginx in the foreground of its own session, so it outlives this process.
    private func start() throws {
        let log = layout.nginxPrefix + "/nginx.out"
        _ = try ProcessSpawner.spawn(
            executable: Self.nginx, argv: [Self.nginx, "-p", prefix, "-c", configPath, "-g", "daemon off;"],
            environment: [("PATH", "/usr/sbin:/usr/bin:/bin")], workingDirectory: layout.nginxPrefix,
            output: .appendToFile(log), newSession: true)
    }

    private func waitUntilServing(_ generation: Int) async throws {
        let (host, port) = probeAddress
        let deadline = ContinuousClock.now + .seconds(15)
        var last = "no answer yet"
        while ContinuousClock.now < deadline {
            switch await HTTPFetch.get(host: host, port: port, path: "/turnout-lb-health", timeout: .seconds(1)) {
            case .success(let response):
                if response.status == 200, response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "ok \(generation)" { return }
                last = "answered \(response.status) \(response.text.trimmingCharacters(in: .whitespacesAndNewlines))"
            case .failure(let failure):
                last = failure.description
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let errors = (try? String(contentsOfFile: layout.nginxPrefix + "/error.log", encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
        throw ControllerError("nginx did not start serving configuration \(generation) on \(host):\(port) within 15s (\(last))",
                              hint: errors.isEmpty ? "see \(layout.nginxPrefix)/nginx.out" : "nginx error.log ends with:\n\(errors)")
    }

    /// Stops nginx gracefully (SIGQUIT: finish in-flight requests), then waits for it to exit.
    func stop(timeout: Duration = .seconds(15)) async {
        guard let pid = masterPID() else { return }
        kill(pid, SIGQUIT)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, ProcStat.read(pid: pid).map({ !$0.isZombie }) ?? false {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if ProcStat.read(pid: pid).map({ !$0.isZombie }) ?? false { kill(pid, SIGKILL) }
        lock.withLock { lastApplied = nil }
    }
}
