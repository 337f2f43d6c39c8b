import Foundation
import Glibc
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Paths and helpers shared by the platform tests.
enum TestSupport {
    /// The fixtures folder beside the tests.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The fixture HTTP server.
    static var fixtureServer: String { fixtures + "/fixture_server.py" }

    /// A real Python interpreter (not a version-manager shim, which needs PATH): Debian's, or the one `python3`
    /// on PATH reports.
    static let python: String = {
        if ExecutableResolver.isExecutableFile("/usr/bin/python3") { return "/usr/bin/python3" }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.executable)"]
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "python3" }
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A fresh directory under /tmp, traversable by other users (the postgres user needs that).
    static func makeTemporaryDirectory(_ label: String) throws -> String {
        let path = "/tmp/turnout-rt-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return path
    }

    /// Removes a directory made by `makeTemporaryDirectory`.
    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// A spec running the fixture server on a free port with `arguments`.
    static func fixtureSpec(
        ordinal: Int = 1, directory: String, arguments: [String] = [], environment: [EnvironmentVariable] = []
    ) throws -> ProcessSpec {
        let port = try PortAllocator().allocate()
        let argv = InstanceSpec.substitutingPort(
            in: [python, fixtureServer, "--port", "${PORT}"] + arguments, port: port)
        return ProcessSpec(
            service: "api", revision: 3, ordinal: ordinal, argv: argv, environment: environment, port: port,
            workingDirectory: directory, logPath: directory + "/logs/api-r3-\(ordinal).log", stopTimeout: .seconds(5))
    }

    /// Polls `condition` every 50ms until it holds or `timeout` passes; returns whether it held.
    static func waitUntil(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    /// Waits until `port` on loopback accepts TCP connections.
    static func waitForPort(_ port: Int, timeout: Duration = .seconds(20)) async -> Bool {
        await waitUntil(timeout: timeout) {
            LiveHealthProber.tcpProbe(host: "127.0.0.1", port: port, timeout: .seconds(1)) == .passed
        }
    }

    /// The log file's text, or "" when missing.
    static func log(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Runs `argv` to completion and returns how it ended with its combined output.
    static func run(_ argv: [String], timeout: TimeSpan = .seconds(30)) async throws -> (CommandRunner.Ending, String) {
        let output = "/tmp/turnout-rt-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let ending = try await CommandRunner().run(argv, output: .appendToFile(output), timeout: timeout)
        return (ending, log(output))
    }

    /// Kills the recorded process group with SIGKILL if it is still the recorded process, and reaps it. For
    /// `defer` blocks, so a failing test leaves nothing running.
    static func forceKill(_ record: ProcessHandle?) {
        guard let record, let stat = ProcStat.read(pid: record.pid), stat.startTime == record.startTime else {
            return
        }
        kill(-record.pid, SIGKILL)
        kill(record.pid, SIGKILL)
        var word: Int32 = 0
        _ = waitpid(record.pid, &word, 0)
    }

    /// Whether a process with this PID and start time exists (zombies count as ended).
    static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = ProcStat.read(pid: pid) else { return false }
        return stat.startTime == startTime && !stat.isZombie
    }
}
