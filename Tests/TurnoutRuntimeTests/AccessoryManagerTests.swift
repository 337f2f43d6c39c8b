import Foundation
import Glibc
import Testing
import TurnoutManifest

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
