import Foundation
import Glibc
import TurnoutRuntime

/// A server or child process a test starts from an argv array (never a shell) and stops by its PID.
///
/// Spawned with the runtime's `ProcessSpawner`, which resets the child's signal mask: the test runner blocks
/// signals on its threads, and a child inheriting that mask would ignore SIGTERM.
final class TestProcess: @unchecked Sendable {
    /// The child's PID.
    let pid: Int32
    let logPath: String
    private var reaped = false

    /// Starts `argv` (argv[0] an absolute path) with output appended to a log file.
    init(_ argv: [String], label: String) throws {
        logPath = "/tmp/turnout-analysis-\(label)-\(UUID().uuidString.prefix(8)).log"
        let environment = [("PATH", "/usr/local/bin:/usr/bin:/bin"), ("HOME", NSTemporaryDirectory()), ("LANG", "C.UTF-8")]
        pid = try ProcessSpawner.spawn(
            executable: argv[0], argv: argv, environment: environment, workingDirectory: nil, output: .appendToFile(logPath),
            newSession: false)
    }

    /// The log's text so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Whether the child has not exited yet (reaps it when it has).
    var isRunning: Bool {
        guard !reaped else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || result < 0 { reaped = true }
        return !reaped
    }

    /// Sends SIGTERM to the PID, waits up to `grace` for it to exit, then SIGKILLs it; removes the log.
    func stop(grace: Duration = .seconds(10)) async {
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            reaped = true
        }
    }
}

/// Helpers shared by the tests that use real servers.
enum TestSupport {
    /// Runs `body`, then stops `processes` by PID whether it succeeded or threw.
    static func stopping<T>(_ processes: [TestProcess], _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            for process in processes { await process.stop() }
            return result
        } catch {
            for process in processes { await process.stop() }
            throw error
        }
    }

    /// The fixtures folder beside the tests.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// A real Python interpreter (not a version-manager shim): Debian's, else the one `python3` reports.
    static let python: String = {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "/usr/bin/python3" }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A free loopback port: one the kernel hands out for a socket bound to port 0, not in `excluding`.
    static func freePort(excluding: Set<Int> = []) throws -> Int {
        for _ in 0..<20 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            if bound, port > 0, !excluding.contains(port) { return port }
        }
        throw CocoaError(.fileWriteUnknown)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> String {
        let path = "/tmp/turnout-analysis-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` passes; returns whether it held.
    static func waitUntil(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    /// Writes `text` to `path` atomically (a reader never sees half a page).
    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
