import Foundation
import TurnoutRuntime
import Glibc
import TurnoutManifest

/// The Prometheus a manifest's `prometheus: {managed: true}` asks for, run like the other managed
/// accessories: `prometheus` in its own session with a generated `prometheus.yml` (one `file_sd` job over
/// Turnout's targets file), its TSDB under `directory/data`, the web API on `127.0.0.1` on a free port, ready
/// when `/-/ready` answers 200, stopped by its recorded PID (SIGTERM, SIGKILL after the timeout).
public struct PrometheusServer: Sendable {
    /// The folder holding `prometheus.yml`, `data/` and `prometheus.log`.
    public var directory: String
    /// The `prometheus` executable (a bare name is looked up on `PATH`).
    public var executable: String
    /// How long the server may take to answer `/-/ready`.
    public var readinessTimeout: TimeSpan
    /// Where a free port for a new server comes from.
    public var ports: PortAllocator
    let runtime: LocalProcessRuntime

    /// Creates the server's manager over `directory`.
    public init(directory: String, executable: String = "prometheus", readinessTimeout: TimeSpan = .seconds(60),
                ports: PortAllocator = PortAllocator(), resolver: ExecutableResolver = .standard()) {
        self.directory = directory
        self.executable = executable
        self.readinessTimeout = readinessTimeout
        self.ports = ports
        runtime = LocalProcessRuntime(resolver: resolver)
    }

    /// The generated configuration.
    public var configPath: String { directory + "/prometheus.yml" }
    /// The TSDB directory.
    public var dataDirectory: String { directory + "/data" }
    /// The server's log.
    public var logPath: String { directory + "/prometheus.log" }

    /// Writes the configuration and returns the record of a ready server: the one `existing` describes when
    /// it is still ours (reloaded with SIGHUP when the configuration changed), else a new one.
    public func ensureRunning(scrapeInterval: TimeSpan, targetsFile: String, existing: AccessoryRecord?) async throws -> AccessoryRecord {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = PrometheusConfig.render(scrapeInterval: scrapeInterval, targetsFile: targetsFile)
        let changed = (try? String(contentsOfFile: configPath, encoding: .utf8)) != config
        if changed { try config.write(toFile: configPath, atomically: true, encoding: .utf8) }
        if let existing, let process = existing.processRecord, runtime.status(process) == .running {
            if changed { kill(process.pid, SIGHUP) }
            try await waitUntilReady(port: existing.port, pid: process.pid)
            return existing
        }
        let port = try ports.allocate()
        let argv = AccessoryCommands.prometheus(executable: executable, configFile: configPath, dataDirectory: dataDirectory, port: port)
        let spec = ProcessSpec(
            service: "prometheus", revision: 0, ordinal: 0, argv: argv, environment: AccessoryManager.inheritedEnvironment(),
            port: port, workingDirectory: directory, logPath: logPath)
        let logStart = AccessoryLog.size(of: logPath)
        let process = try await runtime.start(spec)
        do {
            try await waitUntilReady(port: port, pid: process.pid, since: logStart)
        } catch {
            _ = try? await runtime.stop(process, timeout: .seconds(5))
            throw error
        }
        return AccessoryRecord(
            name: "prometheus", kind: "prometheus", managed: true, pid: process.pid, processStartTime: process.startTime,
            host: "127.0.0.1", port: port, directory: directory, logPath: logPath, url: "http://127.0.0.1:\(port)",
            startedAt: Date())
    }

    /// Stops the recorded server: SIGTERM to its process group, SIGKILL after `timeout`.
    public func stop(_ record: AccessoryRecord, timeout: TimeSpan = .seconds(30)) async throws -> StopResult {
        guard let process = record.processRecord else { return .alreadyGone }
        return try await runtime.stop(process, timeout: timeout)
    }

    /// Whether a Prometheus on `host:port` answers `/-/ready` with 200.
    public static func isReady(host: String = "127.0.0.1", port: Int, timeout: TimeSpan = .seconds(2)) async -> Bool {
        if case .success(let response) = await HTTPFetch.get(host: host, port: port, path: "/-/ready", timeout: timeout) {
            return response.status == 200
        }
        return false
    }

    /// Waits for `/-/ready`; a failure quotes what the log says from byte `since` on (see `AccessoryLog`).
    private func waitUntilReady(port: Int, pid: Int32, since: UInt64 = 0) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + readinessTimeout.duration
        while clock.now < deadline {
            if await Self.isReady(port: port) { return }
            if ProcStat.read(pid: pid).map({ $0.isZombie }) ?? true {
                throw RuntimeError(
                    .accessoryUnavailable, "prometheus exited while starting\(AccessoryLog.reason(in: logPath, since: since))",
                    hint: "see \(logPath)")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw RuntimeError(
            .accessoryUnavailable,
            "prometheus did not answer /-/ready on 127.0.0.1:\(port) within \(readinessTimeout)"
                + AccessoryLog.reason(in: logPath, since: since),
            hint: "see \(logPath)")
    }
}
