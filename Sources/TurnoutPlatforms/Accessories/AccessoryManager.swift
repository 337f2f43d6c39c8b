import Foundation
import TurnoutRuntime
import Glibc
import TurnoutManifest

/// Starts, reuses, checks and stops the accessories a manifest declares: a managed Redis or PostgreSQL 15 on
/// loopback with its files under `STATE/NAME` (a PostgreSQL the postgres user cannot reach there gets a folder
/// of its own, see `PostgresPlacement`), or, for an unmanaged accessory, a reachability check of its URL.
///
/// Starting is idempotent: given the record of an earlier start whose PID and start time still match a live
/// server that answers, that server is reused.
public struct AccessoryManager: Sendable {
    /// The state directory; each managed accessory keeps its files in `STATE/NAME`.
    public var stateDirectory: String
    /// The Redis server executable (a bare name is looked up on `PATH`).
    public var redisServer: String
    /// The directory of the PostgreSQL 15 programs (`initdb`, `pg_ctl`, `pg_isready`, `createdb`).
    public var postgresBinDirectory: String
    /// How long a server may take to accept connections.
    public var readinessTimeout: TimeSpan
    /// How long one helper command (initdb, pg_ctl...) may run.
    public var commandTimeout: TimeSpan
    /// The application's name, part of the name of a PostgreSQL cluster folder kept outside the state
    /// directory.
    public var application: String?
    /// Where PostgreSQL clusters go when the postgres user cannot reach the state directory (Turnout is root
    /// and the state directory is in a private folder such as `/root`).
    public var postgresExternalRoot: String
    /// Where each managed PostgreSQL gets its short private socket folder.
    public var socketRoot: String
    /// Starts and stops the Redis server process.
    let runtime: LocalProcessRuntime
    /// Runs the helper commands.
    let runner: CommandRunner
    /// An address managed servers also listen on (the gateway of a container network), and the subnet whose
    /// clients PostgreSQL lets in there; `nil` for loopback only.
    public var extraListen: (address: String, subnet: String)?

    /// Creates a manager over `stateDirectory`.
    public init(
        stateDirectory: String, redisServer: String = "redis-server",
        postgresBinDirectory: String = "/usr/lib/postgresql/15/bin", readinessTimeout: TimeSpan = .seconds(60),
        commandTimeout: TimeSpan = .seconds(120), application: String? = nil,
        postgresExternalRoot: String = "/var/lib/turnout/postgres", socketRoot: String = "/tmp",
        resolver: ExecutableResolver = .standard()
    ) {
        self.stateDirectory = stateDirectory
        self.application = application
        self.postgresExternalRoot = postgresExternalRoot
        self.socketRoot = socketRoot
        self.redisServer = redisServer
        self.postgresBinDirectory = postgresBinDirectory
        self.readinessTimeout = readinessTimeout
        self.commandTimeout = commandTimeout
        self.runtime = LocalProcessRuntime(resolver: resolver)
        self.runner = CommandRunner(resolver: resolver)
    }

    /// Makes `accessory` available and returns its record: reuses the server `existing` describes when it is
    /// still ours and answers, starts a managed one otherwise, and only checks reachability when unmanaged.
    public func ensureRunning(_ accessory: Accessory, existing: AccessoryRecord? = nil) async throws -> AccessoryRecord {
        guard accessory.managed else { return try await checkReachable(accessory) }
        let directory = (stateDirectory as NSString).appendingPathComponent(accessory.name)
        if let existing, existing.name == accessory.name, isRunning(existing) {
            guard existing.port == accessory.port else {
                throw RuntimeError(
                    .accessoryUnavailable,
                    "\(accessory.name) already runs on port \(existing.port), the manifest now says \(accessory.port)",
                    hint: "stop it first")
            }
            guard existing.extraListenAddress == extraListen?.address else {
                let now = existing.extraListenAddress.map { "loopback and \($0)" } ?? "loopback only"
                throw RuntimeError(
                    .accessoryUnavailable,
                    "\(accessory.name) already runs listening on \(now); this runtime needs it on \(extraListen.map { "loopback and \($0.address)" } ?? "loopback only")",
                    hint: "run `turnout down` (data is kept) and deploy again")
            }
            try await waitUntilReady(accessory.kind, port: existing.port, pid: existing.pid, name: accessory.name)
            return existing
        }
        switch accessory.kind {
        case .redis: return try await startRedis(accessory, directory: directory)
        case .postgres: return try await startPostgres(accessory, directory: directory, existing: existing)
        }
    }

    /// Whether the record's server process (same PID and start time) is alive. Unmanaged records have no process
    /// and count as running.
    public func isRunning(_ record: AccessoryRecord) -> Bool {
        guard record.managed else { return true }
        guard let process = record.processRecord else { return false }
        return runtime.status(process) == .running
    }

    /// Stops a managed accessory by its recorded PID: Redis with SIGTERM (SIGKILL after `timeout`), PostgreSQL
    /// with `pg_ctl stop -m fast` (then SIGKILL to the postmaster after `timeout`). Unmanaged ones are left alone.
    public func stop(_ record: AccessoryRecord, timeout: TimeSpan = .seconds(30)) async throws -> StopResult {
        guard record.managed, let process = record.processRecord else { return .alreadyGone }
        if record.kind == Accessory.Kind.postgres.rawValue {
            return try await stopPostgres(record, process: process, timeout: timeout)
        }
        return try await runtime.stop(process, timeout: timeout)
    }

    /// Waits until the server on `port` answers (Redis `PING`, `pg_isready`), failing early when `pid` ends;
    /// a failure quotes what `log` says from byte `since` on (see `AccessoryLog`).
    func waitUntilReady(
        _ kind: Accessory.Kind, port: Int, pid: Int32?, name: String, log: String? = nil, since: UInt64 = 0
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + readinessTimeout.duration
        while clock.now < deadline {
            switch kind {
            case .redis: if await Self.redisPing(port: port) { return }
            case .postgres: if await postgresIsReady(port: port) { return }
            }
            if let pid, ProcStat.read(pid: pid).map({ $0.isZombie }) ?? true {
                throw RuntimeError(
                    .accessoryUnavailable, "\(name) exited while starting\(AccessoryLog.reason(in: log, since: since))",
                    hint: log.map { "see \($0)" })
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw RuntimeError(
            .accessoryUnavailable,
            "\(name) did not accept connections on 127.0.0.1:\(port) within \(readinessTimeout)"
                + AccessoryLog.reason(in: log, since: since),
            hint: log.map { "see \($0)" })
    }

    private func checkReachable(_ accessory: Accessory) async throws -> AccessoryRecord {
        guard let components = URLComponents(string: accessory.url), let host = components.host, !host.isEmpty else {
            throw RuntimeError(.accessoryUnavailable, "\(accessory.name): cannot read a host from \(accessory.url)")
        }
        let port = components.port ?? accessory.kind.defaultPort
        let result = await BlockingExecutor.run {
            LiveHealthProber.tcpProbe(host: host, port: port, timeout: .seconds(5))
        }
        guard result == .passed else {
            throw RuntimeError(
                .accessoryUnavailable, "\(accessory.name) at \(accessory.url) is unreachable: \(result)",
                hint: "start it, or set managed: true to let Turnout run it")
        }
        return AccessoryRecord(
            name: accessory.name, kind: accessory.kind.rawValue, managed: false, pid: nil, processStartTime: nil,
            host: host, port: port, directory: nil, logPath: nil, url: accessory.url, startedAt: Date())
    }
}
