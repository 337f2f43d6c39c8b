import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide registry of PIDs started by the tests; all are killed at exit.
enum ChildProcesses {
    nonisolated(unsafe) private static var pids: [(pid: pid_t, signal: Int32)] = []
    nonisolated(unsafe) private static var installed = false
    private static let lock = NSLock()

    /// Remembers a PID to stop at process exit.
    static func track(_ pid: pid_t, stopSignal: Int32 = SIGTERM) {
        lock.lock(); defer { lock.unlock() }
        pids.append((pid, stopSignal))
        if !installed {
            installed = true
            atexit { ChildProcesses.killAll() }
        }
    }

    /// Forgets a PID that was stopped already.
    static func untrack(_ pid: pid_t) {
        lock.lock(); defer { lock.unlock() }
        pids.removeAll { $0.pid == pid }
    }

    /// Stops every tracked PID (SIGTERM, then SIGKILL after a short grace).
    static func killAll() {
        lock.lock()
        let snapshot = pids
        pids.removeAll()
        lock.unlock()
        for entry in snapshot { kill(entry.pid, entry.signal) }
        let deadline = Date().addingTimeInterval(3)
        for pid in snapshot.map(\.pid) {
            func alive() -> Bool { waitpid(pid, nil, WNOHANG) != pid && kill(pid, 0) == 0 }
            while alive() && Date() < deadline { usleep(20_000) }
            if alive() { kill(pid, SIGKILL) }
        }
    }
}

/// Helpers shared by the service starters.
enum TestPorts {
    /// Asks the kernel for a free loopback TCP port.
    static func free() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// True when something accepts TCP connections on the port.
    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }
}

/// One redis-server and one PostgreSQL per test process, started lazily on free
/// loopback ports in temporary directories and stopped by PID at exit.
actor TestServices {
    /// The shared instance.
    static let shared = TestServices()

    private var redisPort: Int?
    private var postgresPort: Int?

    /// Port of the shared redis-server, starting it on first use.
    func redis() async throws -> Int {
        if let redisPort { return redisPort }
        let port = TestPorts.free()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("turnout-redis-\(getpid())-\(port)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pid = try Spawn.start("/usr/bin/redis-server", [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", dir.path, "--logfile", dir.appendingPathComponent("redis.log").path,
        ], logPath: dir.appendingPathComponent("stdout.log").path)
        ChildProcesses.track(pid)
        try await waitUntil(timeout: 20, what: "redis-server on \(port)") { TestPorts.isListening(port) }
        redisPort = port
        return port
    }

    /// Port of the shared PostgreSQL (database `turnout`, user `postgres`, trust auth on 127.0.0.1).
    func postgres() async throws -> Int {
        if let postgresPort { return postgresPort }
        let port = TestPorts.free()
        let bin = "/usr/lib/postgresql/15/bin"
        let dir = "/tmp/turnout-pg-\(getpid())-\(port)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try runProgram("/bin/chown", ["postgres:postgres", dir])
        let data = dir + "/data"
        let initdb = try runProgram("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/initdb", "-D", data, "-A", "trust",
                                                          "-U", "postgres", "--no-sync", "-E", "UTF8"])
        guard initdb.status == 0 else { throw ServiceError(message: "initdb failed: \(initdb.output)") }
        let options = "-k \(dir) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200"
        let start = try runProgram("/usr/sbin/runuser", ["-u", "postgres", "--", bin + "/pg_ctl", "-D", data, "-l", dir + "/pg.log",
                                                         "-o", options, "-w", "-t", "60", "start"])
        guard start.status == 0 else { throw ServiceError(message: "pg_ctl start failed: \(start.output)") }
        let pidText = try String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
        guard let pid = pid_t(pidText.split(separator: "\n").first ?? "") else {
            throw ServiceError(message: "cannot read postmaster.pid")
        }
        ChildProcesses.track(pid, stopSignal: SIGINT)
        let create = try runProgram("/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/psql", "-h", "127.0.0.1", "-p", String(port),
                                                          "-U", "postgres", "-c", "CREATE DATABASE turnout"])
        guard create.status == 0 else { throw ServiceError(message: "create database failed: \(create.output)") }
        postgresPort = port
        return port
    }

    /// `redis://127.0.0.1:PORT`.
    func redisURL() async throws -> String { "redis://127.0.0.1:\(try await redis())" }

    /// `postgres://postgres@127.0.0.1:PORT/turnout`.
    func databaseURL() async throws -> String { "postgres://postgres@127.0.0.1:\(try await postgres())/turnout" }
}

/// A failure starting a service.
struct ServiceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
func waitUntil(timeout: Double, what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if (try? await condition()) == true { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw ServiceError(message: "timed out after \(timeout)s waiting for \(what)")
}
