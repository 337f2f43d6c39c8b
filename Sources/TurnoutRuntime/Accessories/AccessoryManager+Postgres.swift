import Foundation
import Glibc
import TurnoutManifest

extension AccessoryManager {
    /// The OS user PostgreSQL runs as when Turnout is root (initdb and postgres refuse to run as root).
    static let postgresOSUser = "postgres"

    /// Initialises `STATE/NAME/data` when needed, starts PostgreSQL with `pg_ctl start -w` on loopback, waits for
    /// `pg_isready`, and creates the manifest's database. A server already running on the data directory (its
    /// record was lost) is adopted instead of started twice.
    func startPostgres(_ accessory: Accessory, directory: String) async throws -> AccessoryRecord {
        let dataDirectory = (directory as NSString).appendingPathComponent("data")
        let logPath = (directory as NSString).appendingPathComponent("postgres.log")
        let commandLog = (directory as NSString).appendingPathComponent("commands.log")
        let user = accessory.user ?? "postgres"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let asUser = try prepareOwnership(of: directory)

        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            let initdb = AccessoryCommands.initdb(
                binDirectory: postgresBinDirectory, dataDirectory: dataDirectory, user: user)
            try await runChecked(asUser(initdb), in: directory, log: commandLog, what: "initdb for \(accessory.name)")
        }
        let status = AccessoryCommands.pgCtlStatus(binDirectory: postgresBinDirectory, dataDirectory: dataDirectory)
        let alreadyRunning = try await runner.run(
            asUser(status), workingDirectory: directory, output: .appendToFile(commandLog), timeout: commandTimeout)
        if !alreadyRunning.succeeded {
            guard !PortAllocator.hasListener(accessory.port) else {
                throw RuntimeError(
                    .accessoryUnavailable, "port \(accessory.port) for \(accessory.name) is already in use",
                    hint: "stop whatever listens there or choose another port")
            }
            let start = AccessoryCommands.pgCtlStart(
                binDirectory: postgresBinDirectory, dataDirectory: dataDirectory, port: accessory.port,
                logPath: logPath, waitSeconds: readinessTimeout.wholeSecondsRoundedUp)
            try await runChecked(asUser(start), in: directory, log: commandLog, what: "pg_ctl start for \(accessory.name)")
        }
        guard let pid = Self.postmasterPID(dataDirectory: dataDirectory), let stat = ProcStat.read(pid: pid) else {
            throw RuntimeError(
                .accessoryUnavailable, "\(accessory.name) has no running postmaster\(Self.tail(of: logPath))")
        }
        try await waitUntilReady(.postgres, port: accessory.port, pid: pid, name: accessory.name, log: logPath)
        if let database = accessory.database, database != "postgres" {
            try await createDatabase(database, user: user, port: accessory.port, directory: directory)
        }
        return AccessoryRecord(
            name: accessory.name, kind: accessory.kind.rawValue, managed: true, pid: pid,
            processStartTime: stat.startTime, host: "127.0.0.1", port: accessory.port, directory: directory,
            logPath: logPath, url: accessory.url, startedAt: Date())
    }

    /// `pg_ctl stop -m fast` when the data directory's postmaster is the recorded one, then waits for the PID to
    /// go; SIGKILL to the recorded PID after `timeout`.
    func stopPostgres(_ record: AccessoryRecord, process: InstanceRecord, timeout: TimeSpan) async throws -> StopResult {
        guard runtime.status(process) == .running, let directory = record.directory else { return .alreadyGone }
        let dataDirectory = (directory as NSString).appendingPathComponent("data")
        if Self.postmasterPID(dataDirectory: dataDirectory) == process.pid {
            let asUser = try prepareOwnership(of: nil)
            let stop = AccessoryCommands.pgCtlStop(
                binDirectory: postgresBinDirectory, dataDirectory: dataDirectory, waitSeconds: timeout.wholeSecondsRoundedUp)
            _ = try await runner.run(
                asUser(stop), workingDirectory: directory,
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

    /// When Turnout runs as root: chowns `directory` (recursively) to the postgres user and returns a wrapper that
    /// runs argv through `runuser -u postgres --`. Otherwise the wrapper returns argv unchanged.
    private func prepareOwnership(of directory: String?) throws -> @Sendable ([String]) -> [String] {
        guard geteuid() == 0 else { return { $0 } }
        guard let entry = getpwnam(Self.postgresOSUser) else {
            throw RuntimeError(
                .setupFailed, "running as root, but there is no \(Self.postgresOSUser) user to run PostgreSQL as",
                hint: "install the postgresql package, or run turnout as an ordinary user")
        }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        if let directory { try Self.chownRecursively(directory, uid: uid, gid: gid) }
        let runuser =
            (try? runner.resolver.resolve("runuser", relativeTo: "/"))
            ?? (ExecutableResolver.isExecutableFile("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser")
        return { AccessoryCommands.asUser(Self.postgresOSUser, runuser: runuser, $0) }
    }

    private static func chownRecursively(_ path: String, uid: uid_t, gid: gid_t) throws {
        guard lchown(path, uid, gid) == 0 else {
            throw RuntimeError(.setupFailed, "cannot chown \(path): \(String(cString: strerror(errno)))")
        }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for child in children {
            let full = (path as NSString).appendingPathComponent(child)
            var info = stat()
            if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                try chownRecursively(full, uid: uid, gid: gid)
            } else {
                lchown(full, uid, gid)
            }
        }
    }

    private func createDatabase(_ database: String, user: String, port: Int, directory: String) async throws {
        let log = (directory as NSString).appendingPathComponent("createdb.log")
        try? FileManager.default.removeItem(atPath: log)
        let argv = AccessoryCommands.createdb(binDirectory: postgresBinDirectory, port: port, user: user, database: database)
        let ending = try await runner.run(argv, output: .appendToFile(log), timeout: commandTimeout)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard ending.succeeded || output.contains("already exists") else {
            throw RuntimeError(.commandFailed, "createdb \(database) \(ending)\(Self.tail(of: log))")
        }
    }

    private func runChecked(_ argv: [String], in directory: String, log: String, what: String) async throws {
        let ending = try await runner.run(
            argv, workingDirectory: directory, output: .appendToFile(log), timeout: commandTimeout)
        guard ending.succeeded else {
            throw RuntimeError(.commandFailed, "\(what) \(ending)\(Self.tail(of: log))", hint: "see \(log)")
        }
    }
}
