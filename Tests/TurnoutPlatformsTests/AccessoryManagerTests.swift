import Foundation
import Glibc
import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// A real redis-server and a real PostgreSQL 15 in a temporary state directory on free ports. Every server is
/// killed by PID in a `defer`, and each test checks that nothing it started is left running.
@Suite(.serialized) struct AccessoryManagerTests {
    static func redis(port: Int) -> Accessory {
        Accessory(
            name: "redis", kind: .redis, managed: true, url: "redis://127.0.0.1:\(port)/0", port: port,
            image: "redis:7-alpine", environmentName: "REDIS_URL", maxMemory: ByteSize(bytes: 64 << 20))
    }

    static func postgres(port: Int) -> Accessory {
        Accessory(
            name: "postgres", kind: .postgres, managed: true, url: "postgres://blog@127.0.0.1:\(port)/blog", port: port,
            image: "postgres:15-alpine", environmentName: "DATABASE_URL", database: "blog", user: "blog")
    }

    /// SIGKILLs the record's server if it is still the recorded process.
    static func forceKill(_ record: AccessoryRecord?) {
        guard let process = record?.processRecord else { return }
        TestSupport.forceKill(process)
    }

    @Test func managedRedisStartsAnswersIsReusedAndStops() async throws {
        let state = try TestSupport.makeTemporaryDirectory("accessories")
        defer { TestSupport.remove(state) }
        let manager = AccessoryManager(stateDirectory: state)
        let accessory = Self.redis(port: try PortAllocator().allocate())
        let record = try await manager.ensureRunning(accessory)
        defer { Self.forceKill(record) }

        let pid = try #require(record.pid)
        #expect(record.managed && record.port == accessory.port && record.directory == state + "/redis")
        #expect(await AccessoryManager.redisPing(port: accessory.port))
        let (ending, maxMemory) = try await TestSupport.run(
            ["/usr/bin/redis-cli", "-p", "\(accessory.port)", "config", "get", "maxmemory"])
        #expect(ending == .exited(0))
        #expect(maxMemory == "maxmemory\n67108864\n")
        #expect(ProcStat.read(pid: pid)?.session == pid)

        let again = try await manager.ensureRunning(accessory, existing: record)
        #expect(again == record)

        // A second manager (as after a Turnout restart) checks and stops it by PID alone.
        let restarted = AccessoryManager(stateDirectory: state)
        #expect(restarted.isRunning(record))
        let busy = AccessoryManager(stateDirectory: state + "/other")
        let error = await #expect(throws: RuntimeError.self) { try await busy.ensureRunning(accessory) }
        #expect(error?.code == .accessoryUnavailable)

        #expect(try await manager.stop(record) == .exited(code: 0))
        #expect(!TestSupport.isAlive(pid: pid, startTime: record.processStartTime!))
        #expect(!manager.isRunning(record))
        #expect(!(await AccessoryManager.redisPing(port: accessory.port, timeout: .seconds(1))))
    }

    @Test func managedPostgresInitialisesStartsCreatesTheDatabaseAndStops() async throws {
        let state = try TestSupport.makeTemporaryDirectory("accessories")
        defer { TestSupport.remove(state) }
        let manager = AccessoryManager(stateDirectory: state)
        let accessory = Self.postgres(port: try PortAllocator().allocate())
        var record: AccessoryRecord?
        defer { Self.forceKill(record) }
        record = try await manager.ensureRunning(accessory)
        let started = try #require(record)
        let pid = try #require(started.pid)

        #expect(await manager.postgresIsReady(port: accessory.port))
        let select = [
            "/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-p", "\(accessory.port)", "-U", "blog",
            "-d", "blog", "-tAc", "select 1",
        ]
        let (ending, output) = try await TestSupport.run(select)
        #expect(ending == .exited(0), "\(output)")
        #expect(output == "1\n")
        #expect(AccessoryManager.postmasterPID(dataDirectory: state + "/postgres/data") == pid)

        // Reused with its record, and adopted (not started twice) without one.
        #expect(try await manager.ensureRunning(accessory, existing: started) == started)
        let adopted = try await manager.ensureRunning(accessory)
        #expect(adopted.pid == pid && adopted.processStartTime == started.processStartTime)

        #expect(try await manager.stop(started) == .endedUnobserved)
        #expect(!TestSupport.isAlive(pid: pid, startTime: started.processStartTime!))
        #expect(!(await manager.postgresIsReady(port: accessory.port)))
        #expect(try await manager.stop(started) == .alreadyGone)

        // The data survives: a restart on the same directory skips initdb and serves the database again.
        record = try await manager.ensureRunning(accessory)
        let (endingAfterRestart, outputAfterRestart) = try await TestSupport.run(select)
        #expect(endingAfterRestart == .exited(0), "\(outputAfterRestart)")
        let second = try #require(record)
        #expect(try await manager.stop(second) == .endedUnobserved)
        #expect(!TestSupport.isAlive(pid: second.pid!, startTime: second.processStartTime!))
    }

    /// `psql -tAc SQL` on the `blog` database over TCP, or over the Unix socket in `socket`.
    static func psql(port: Int, socket: String? = nil, _ sql: String) async throws -> (CommandRunner.Ending, String) {
        try await TestSupport.run([
            "/usr/lib/postgresql/15/bin/psql", "-h", socket ?? "127.0.0.1", "-p", "\(port)", "-U", "blog", "-d", "blog",
            "-tAc", sql,
        ])
    }

    /// A state directory whose path is about 150 characters: with the socket in the data directory the path
    /// of `.s.PGSQL.PORT` would pass the 107-byte limit and the server would not start.
    @Test func managedPostgresStartsFromAStateDirectoryWithALongPath() async throws {
        let root = try TestSupport.makeTemporaryDirectory("long")
        defer { TestSupport.remove(root) }
        let sockets = try TestSupport.makeTemporaryDirectory("sockets")
        defer { TestSupport.remove(sockets) }
        var state = root
        while state.utf8.count < 140 { state += "/a-rather-long-folder-name" }
        state += "/accessories"
        #expect(state.utf8.count >= 150)
        let manager = AccessoryManager(stateDirectory: state, socketRoot: sockets)
        let accessory = Self.postgres(port: try PortAllocator().allocate())
        var record: AccessoryRecord?
        defer { Self.forceKill(record) }
        record = try await manager.ensureRunning(accessory)
        let started = try #require(record)
        #expect(started.directory == state + "/postgres")
        let socket = try #require(started.socketDirectory)
        #expect(socket == PostgresPlacement.socketDirectory(for: state + "/postgres", under: sockets))
        #expect(FileManager.default.fileExists(atPath: "\(socket)/.s.PGSQL.\(accessory.port)"))
        #expect(PrivateDirectory.problem(with: socket, uid: try PostgresOSUser.current(resolver: .standard()).uid) == nil)
        let (ending, output) = try await Self.psql(port: accessory.port, socket: socket, "select 1")
        #expect(ending == .exited(0) && output == "1\n", "\(output)")

        #expect(try await manager.stop(started) == .endedUnobserved)
        #expect(!TestSupport.isAlive(pid: started.pid!, startTime: started.processStartTime!))
        #expect(!FileManager.default.fileExists(atPath: socket), "the socket folder outlived the server")
    }

    /// As root (a fresh cloud machine), a state directory below a private folder such as `/root`: the postgres
    /// user cannot reach it, so the cluster lives in a folder of its own outside, which the record names and a
    /// start without the record (after `turnout down`) finds again. The private folder keeps its mode.
    @Test(.enabled(if: geteuid() == 0, "only root runs PostgreSQL as another user"))
    func asRootAStateDirectoryInAPrivateFolderKeepsItsClusterWherePostgresCanReachIt() async throws {
        let home = try TestSupport.makeTemporaryDirectory("home")
        defer { TestSupport.remove(home) }
        chmod(home, 0o700)
        let outside = try TestSupport.makeTemporaryDirectory("var-lib")
        defer { TestSupport.remove(outside) }
        let sockets = try TestSupport.makeTemporaryDirectory("sockets")
        defer { TestSupport.remove(sockets) }
        let state = home + "/checkout/.turnout/accessories"
        let manager = AccessoryManager(
            stateDirectory: state, application: "blog", postgresExternalRoot: outside + "/postgres", socketRoot: sockets)
        let accessory = Self.postgres(port: try PortAllocator().allocate())
        var record: AccessoryRecord?
        defer { Self.forceKill(record) }
        record = try await manager.ensureRunning(accessory)
        let started = try #require(record)
        let expected = PostgresPlacement.externalDirectory(
            for: state + "/postgres", name: "postgres", application: "blog", under: outside + "/postgres")
        #expect(started.directory == expected)
        #expect(started.logPath == expected + "/postgres.log")
        let postgres = try #require(getpwnam("postgres")).pointee
        #expect(PrivateDirectory.problem(with: expected, uid: postgres.pw_uid) == nil)
        #expect(PrivateDirectoryTests.mode(home) == 0o700, "the private folder's mode was changed")
        #expect(!FileManager.default.fileExists(atPath: state + "/postgres"), "an unused folder was left in the state directory")
        let (created, output) = try await Self.psql(port: accessory.port, "create table kept (x int); insert into kept values (7)")
        #expect(created == .exited(0), "\(output)")

        #expect(try await manager.stop(started) == .endedUnobserved)
        #expect(!TestSupport.isAlive(pid: started.pid!, startTime: started.processStartTime!))
        #expect(!FileManager.default.fileExists(atPath: started.socketDirectory!))

        // `turnout down` deletes the record: a later start computes the same place and finds the data there.
        record = try await manager.ensureRunning(accessory)
        let again = try #require(record)
        #expect(again.directory == expected && again.pid != started.pid)
        let (selected, rows) = try await Self.psql(port: accessory.port, "select x from kept")
        #expect(selected == .exited(0) && rows == "7\n", "\(rows)")
        #expect(try await manager.stop(again) == .endedUnobserved)
    }

    /// A server that fails to start: the error quotes the lines of its log that say why, not only that
    /// pg_ctl exited 1.
    @Test func aPostgresThatFailsToStartSaysWhyFromItsLog() async throws {
        let state = try TestSupport.makeTemporaryDirectory("accessories")
        defer { TestSupport.remove(state) }
        let sockets = try TestSupport.makeTemporaryDirectory("sockets")
        defer { TestSupport.remove(sockets) }
        let manager = AccessoryManager(stateDirectory: state, readinessTimeout: .seconds(20), socketRoot: sockets)
        let accessory = Self.postgres(port: try PortAllocator().allocate())
        var record: AccessoryRecord?
        defer { Self.forceKill(record) }
        record = try await manager.ensureRunning(accessory)
        #expect(try await manager.stop(try #require(record)) == .endedUnobserved)
        let config = try FileHandle(forWritingTo: URL(fileURLWithPath: state + "/postgres/data/postgresql.conf"))
        try config.seekToEnd()
        try config.write(contentsOf: Data("max_connections = many\n".utf8))
        try config.close()

        let error = await #expect(throws: RuntimeError.self) { record = try await manager.ensureRunning(accessory) }
        #expect(error?.code == .commandFailed)
        #expect(error?.message.hasPrefix("pg_ctl start for postgres exited 1") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("invalid value for parameter \"max_connections\": \"many\"") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("FATAL:  configuration file") == true, "\(error?.message ?? "")")
        #expect(error?.hint == "see \(state)/postgres/postgres.log")
    }

    @Test func unmanagedAccessoryIsOnlyCheckedForReachability() async throws {
        let listener = try TestListener()
        let manager = AccessoryManager(stateDirectory: "/nonexistent-state")
        let reachable = Accessory(
            name: "cache", kind: .redis, managed: false, url: "redis://127.0.0.1:\(listener.port)/1", port: 6379,
            image: "", environmentName: "CACHE_URL")
        let record = try await manager.ensureRunning(reachable)
        #expect(!record.managed && record.pid == nil && record.port == listener.port && record.host == "127.0.0.1")
        #expect(try await manager.stop(record) == .alreadyGone)

        var unreachable = reachable
        unreachable.url = "redis://127.0.0.1:\(try PortAllocator().allocate())/1"
        let error = await #expect(throws: RuntimeError.self) { try await manager.ensureRunning(unreachable) }
        #expect(error?.code == .accessoryUnavailable)
        #expect(error?.message.contains("connection refused") == true)
    }
}
