import Foundation
import TurnoutRuntime
import Glibc
import TurnoutManifest

extension AccessoryManager {
    /// Initialises the cluster when needed, starts PostgreSQL with `pg_ctl start -w` on loopback (its socket
    /// in a short private folder, see ``PostgresPlacement``), waits for `pg_isready`, and creates the manifest's
    /// database. A server already running on the data directory (its record was lost) is adopted instead of
    /// started twice. `existing` is the accessory's last record: its cluster folder is used again.
    func startPostgres(_ accessory: Accessory, directory inState: String, existing: AccessoryRecord?) async throws -> AccessoryRecord {
        let user = accessory.user ?? "postgres"
        let osUser = try PostgresOSUser.current(resolver: runner.resolver)
        let place = try await placePostgres(accessory, inState: inState, recorded: existing?.directory, osUser: osUser)
        do {
            return try await startPostgres(accessory, at: place, user: user, osUser: osUser)
        } catch {
            // A server that did not come up leaves no socket folder behind (nothing would remove it).
            if Self.postmasterPID(dataDirectory: place.dataDirectory).flatMap({ ProcStat.read(pid: $0) }) == nil {
                PrivateDirectory.remove(place.socketDirectory, uid: osUser.uid)
            }
            throw error
        }
    }

    private func startPostgres(
        _ accessory: Accessory, at place: PostgresPlacement, user: String, osUser: PostgresOSUser
    ) async throws -> AccessoryRecord {
        try place.check(port: accessory.port)
        let logStart = AccessoryLog.size(of: place.logPath)

        if !PostgresPlacement.holdsCluster(place.directory) {
            let initdb = AccessoryCommands.initdb(
                binDirectory: postgresBinDirectory, dataDirectory: place.dataDirectory, user: user)
            try await runChecked(osUser.argv(initdb), in: place, what: "initdb for \(accessory.name)")
        }
        let status = AccessoryCommands.pgCtlStatus(binDirectory: postgresBinDirectory, dataDirectory: place.dataDirectory)
        let alreadyRunning = try await runner.run(
            osUser.argv(status), workingDirectory: place.directory, output: .appendToFile(place.commandLog),
            timeout: commandTimeout)
        if !alreadyRunning.succeeded {
            guard !PortAllocator.hasListener(accessory.port) else {
                throw RuntimeError(
                    .accessoryUnavailable, "port \(accessory.port) for \(accessory.name) is already in use",
                    hint: "stop whatever listens there or choose another port")
            }
            if let extraListen { try PostgresPlacement.allow(subnet: extraListen.subnet, in: place.dataDirectory) }
            let start = AccessoryCommands.pgCtlStart(
                binDirectory: postgresBinDirectory, dataDirectory: place.dataDirectory,
                socketDirectory: place.socketDirectory, port: accessory.port, logPath: place.logPath,
                waitSeconds: readinessTimeout.wholeSecondsRoundedUp, alsoListenOn: extraListen?.address)
            try await runChecked(
                osUser.argv(start), in: place, what: "pg_ctl start for \(accessory.name)", serverLog: place.logPath)
        }
        guard let pid = Self.postmasterPID(dataDirectory: place.dataDirectory), let stat = ProcStat.read(pid: pid) else {
            throw RuntimeError(
                .accessoryUnavailable,
                "\(accessory.name) has no running postmaster\(AccessoryLog.reason(in: place.logPath, since: logStart))",
                hint: "see \(place.logPath)")
        }
        try await waitUntilReady(
            .postgres, port: accessory.port, pid: pid, name: accessory.name, log: place.logPath, since: logStart)
        if let database = accessory.database, database != "postgres" {
            try await createDatabase(database, user: user, port: accessory.port, directory: place.directory)
        }
        var record = AccessoryRecord(
            name: accessory.name, kind: accessory.kind.rawValue, managed: true, pid: pid,
            processStartTime: stat.startTime, host: "127.0.0.1", port: accessory.port, directory: place.directory,
            logPath: place.logPath, url: accessory.url, startedAt: Date())
        record.socketDirectory = place.socketDirectory
        record.extraListenAddress = extraListen?.address
        return record
    }

    /// `pg_ctl stop -m fast` when the data directory's postmaster is the recorded one, then waits for the PID to
    /// go; SIGKILL to the recorded PID after `timeout`. Once the server is gone its socket folder is removed.
    func stopPostgres(_ record: AccessoryRecord, process: ProcessHandle, timeout: TimeSpan) async throws -> StopResult {
        let osUser = try PostgresOSUser.current(resolver: runner.resolver)
        defer {
            if let socket = record.socketDirectory, runtime.status(process) != .running {
                PrivateDirectory.remove(socket, uid: osUser.uid)
            }
        }
        guard runtime.status(process) == .running, let directory = record.directory else { return .alreadyGone }
        let dataDirectory = (directory as NSString).appendingPathComponent("data")
        if Self.postmasterPID(dataDirectory: dataDirectory) == process.pid {
            let stop = AccessoryCommands.pgCtlStop(
                binDirectory: postgresBinDirectory, dataDirectory: dataDirectory, waitSeconds: timeout.wholeSecondsRoundedUp)
            _ = try await runner.run(
                osUser.argv(stop), workingDirectory: directory,
                output: .appendToFile((directory as NSString).appendingPathComponent("commands.log")),
                timeout: TimeSpan(milliseconds: timeout.milliseconds + 5000))
        } else {
            kill(process.pid, SIGINT)  // the postmaster's own "fast shutdown" signal
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout.duration
        while runtime.status(process) == .running, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard runtime.status(process) == .running else { return .endedUnobserved }
        kill(process.pid, SIGKILL)
        while runtime.status(process) == .running, clock.now < deadline + .seconds(10) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return .killedAfterTimeout
    }

    /// Whether `pg_isready` reports the server on `127.0.0.1:port` accepting connections.
    func postgresIsReady(port: Int) async -> Bool {
        let argv = AccessoryCommands.pgIsReady(binDirectory: postgresBinDirectory, port: port)
        return (try? await runner.run(argv, timeout: .seconds(10)).succeeded) ?? false
    }

    /// The first line of `DATA/postmaster.pid`.
    static func postmasterPID(dataDirectory: String) -> Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first
        else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    /// Chooses and prepares the cluster and socket folders (see ``PostgresPlacement``): the chosen cluster
    /// folder belongs to the user PostgreSQL runs as, the socket folder is private to that user.
    private func placePostgres(
        _ accessory: Accessory, inState: String, recorded: String?, osUser: PostgresOSUser
    ) async throws -> PostgresPlacement {
        let parent = (inState as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var external: String?
        if osUser.switches {
            external = PostgresPlacement.externalDirectory(
                for: inState, name: accessory.name, application: application, under: postgresExternalRoot)
        }
        // The folder is the user's once chosen, so reaching its parent is enough.
        let directory = try await PostgresPlacement.chooseDirectory(inState: inState, recorded: recorded, external: external) {
            try await self.canReach(parent, as: osUser)
        }
        if directory == inState {
            try FileManager.default.createDirectory(
                atPath: inState, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            try osUser.takeOwnership(of: inState)
        } else {
            try FileManager.default.createDirectory(
                atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755])
            try PrivateDirectory.ensure(directory, uid: osUser.uid, gid: osUser.gid)
        }
        let socket = PostgresPlacement.socketDirectory(for: inState, under: socketRoot)
        try PrivateDirectory.ensure(socket, uid: osUser.uid, gid: osUser.gid)
        return PostgresPlacement(directory: directory, socketDirectory: socket)
    }

    /// Whether the user PostgreSQL runs as can enter `directory` (the kernel's answer: `test -x` as that user).
    private func canReach(_ directory: String, as osUser: PostgresOSUser) async throws -> Bool {
        let test = try runner.resolver.resolve("test", relativeTo: "/")
        return try await runner.run(osUser.argv([test, "-x", directory]), workingDirectory: "/", timeout: commandTimeout)
            .succeeded
    }

    private func createDatabase(_ database: String, user: String, port: Int, directory: String) async throws {
        let log = (directory as NSString).appendingPathComponent("createdb.log")
        try? FileManager.default.removeItem(atPath: log)
        let argv = AccessoryCommands.createdb(binDirectory: postgresBinDirectory, port: port, user: user, database: database)
        let ending = try await runner.run(argv, output: .appendToFile(log), timeout: commandTimeout)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard ending.succeeded || output.contains("already exists") else {
            throw RuntimeError(.commandFailed, "createdb \(database) \(ending)\(AccessoryLog.reason(in: log))", hint: "see \(log)")
        }
    }

    /// Runs a helper command; when it fails, the error carries the lines of its output (and of the server's
    /// log, for a start) that say why.
    private func runChecked(_ argv: [String], in place: PostgresPlacement, what: String, serverLog: String? = nil) async throws {
        let commandStart = AccessoryLog.size(of: place.commandLog)
        let serverStart = AccessoryLog.size(of: serverLog)
        let ending = try await runner.run(
            argv, workingDirectory: place.directory, output: .appendToFile(place.commandLog), timeout: commandTimeout)
        guard ending.succeeded else {
            var message = "\(what) \(ending)\(AccessoryLog.reason(in: place.commandLog, since: commandStart))"
            let server = AccessoryLog.reason(in: serverLog, since: serverStart)
            if let serverLog, !server.isEmpty { message += "; \(serverLog) says\(server)" }
            throw RuntimeError(.commandFailed, message, hint: "see \(serverLog ?? place.commandLog)")
        }
    }
}
