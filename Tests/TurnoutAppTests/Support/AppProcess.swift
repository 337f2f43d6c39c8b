import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A built executable (`turnout-api` or `turnout-worker`) started as a child process.
final class AppProcess: @unchecked Sendable {
    let pid: pid_t
    let logURL: URL
    private let lock = NSLock()
    private var status: Int32?
    let name: String

    /// Directory holding the built products (next to the test bundle).
    static var productsDirectory: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("turnout-api").path) {
            return dir
        }
        return candidates.last!
    }

    /// Starts `name` with `arguments` and extra environment (argv array, no shell).
    init(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.name = name
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TURNOUT_") }
        env.merge(environment) { $1 }
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        pid = try Spawn.start(Self.productsDirectory.appendingPathComponent(name).path, arguments,
                              logPath: logURL.path, environment: env)
        ChildProcesses.track(pid)
    }

    /// The exit status once the process has exited.
    var exitStatus: Int32? {
        lock.lock(); defer { lock.unlock() }
        if status == nil, let code = Spawn.exitStatus(pid) {
            status = code
            ChildProcesses.untrack(pid)
        }
        return status
    }

    var isRunning: Bool { exitStatus == nil }

    /// Sends a signal.
    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for exit and returns the status, or nil after `timeout` seconds.
    func waitForExit(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return exitStatus
    }

    /// Stops the process (SIGTERM, then SIGKILL) and waits for it.
    func stop() async {
        guard isRunning else { return }
        signal(SIGTERM)
        if await waitForExit(timeout: 20) == nil {
            signal(SIGKILL)
            _ = await waitForExit(timeout: 10)
        }
    }

    /// Everything the process printed so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// CPU seconds (user + system) used so far, from /proc.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// Starts API processes against the shared services.
enum APILauncher {
    /// Starts `turnout-api` on a free port and waits until it answers /health.
    static func start(redisDB: Int, extra: [String] = [], environment: [String: String] = [:],
                      waitForHealth: Bool = true) async throws -> (AppProcess, HTTPTestClient) {
        let redisPort = try await TestServices.shared.redis()
        let databaseURL = try await TestServices.shared.databaseURL()
        let port = TestPorts.free()
        let app = try AppProcess("turnout-api", [
            "--port", String(port), "--redis-url", "redis://127.0.0.1:\(redisPort)/\(redisDB)",
            "--database-url", databaseURL, "--version-label", "test-1.2.3", "--seed-posts", "50",
            "--drain-delay", "0.2s", "--log-level", "warning",
        ] + extra, environment: environment)
        let client = HTTPTestClient(port: port)
        if waitForHealth {
            try await waitUntil(timeout: 60, what: "turnout-api health on \(port)\n\(app.log)") {
                (try? await client.get("/api/v1/health"))?.status == 200
            }
        }
        return (app, client)
    }
}
