import Foundation
import TurnoutRuntime

/// One nginx master Turnout runs under its own prefix: installs a configuration only after `nginx -t` passed
/// (written beside it first, then renamed into place), starts nginx in its own session so that it outlives
/// Turnout, reloads it with SIGHUP, and stops it gracefully.
public struct NginxProcess: Sendable {
    let prefix: String
    let runner: CommandRunner

    static let executable = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    var configPath: String { prefix + "/nginx.conf" }
    var pidPath: String { prefix + "/nginx.pid" }

    /// The master's PID, when it runs.
    func pid() -> Int32? {
        guard let text = try? String(contentsOfFile: pidPath, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              let stat = ProcStat.read(pid: pid), !stat.isZombie else { return nil }
        return pid
    }

    /// The installed configuration's text.
    func installedConfig() -> String? { try? String(contentsOfFile: configPath, encoding: .utf8) }

    /// Tests `text` with `nginx -t` and, when it passes, installs it atomically. Nothing changes otherwise.
    func install(_ text: String) async throws {
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        let candidate = configPath + ".next"
        try text.write(toFile: candidate, atomically: true, encoding: .utf8)
        let testLog = prefix + "/test.log"
        try? FileManager.default.removeItem(atPath: testLog)
        let test = try await runner.run([Self.executable, "-t", "-q", "-e", "stderr", "-p", prefix + "/", "-c", candidate],
                                        output: .appendToFile(testLog), timeout: .seconds(30))
        guard test.succeeded else {
            let detail = ((try? String(contentsOfFile: testLog, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            throw RuntimeError(.commandFailed, "nginx rejected the new configuration (\(test)); nothing was reloaded: \(detail)",
                                  hint: "the rejected file is \(candidate)")
        }
        guard rename(candidate, configPath) == 0 else {
            throw RuntimeError(.commandFailed, "cannot install \(configPath): \(String(cString: strerror(errno)))")
        }
    }

    /// Reloads the running master with the installed configuration, or starts one.
    func startOrReload() throws {
        if let pid = pid() {
            guard kill(pid, SIGHUP) == 0 else {
                throw RuntimeError(.commandFailed, "cannot signal nginx (PID \(pid)) to reload: \(String(cString: strerror(errno)))")
            }
            return
        }
        _ = try ProcessSpawner.spawn(
            executable: Self.executable, argv: [Self.executable, "-p", prefix + "/", "-c", configPath, "-g", "daemon off;"],
            environment: [("PATH", "/usr/sbin:/usr/bin:/bin")], workingDirectory: prefix,
            output: .appendToFile(prefix + "/nginx.out"), newSession: true)
    }

    /// Stops the master gracefully (SIGQUIT: in-flight requests finish), SIGKILL after `timeout`.
    func stop(timeout: Duration = .seconds(15)) async {
        guard let pid = pid() else { return }
        kill(pid, SIGQUIT)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, ProcStat.read(pid: pid).map({ !$0.isZombie }) ?? false {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if ProcStat.read(pid: pid).map({ !$0.isZombie }) ?? false { kill(pid, SIGKILL) }
    }

    /// The last lines of the error log, for messages.
    func errorLogTail(_ count: Int = 5) -> String {
        ((try? String(contentsOfFile: prefix + "/error.log", encoding: .utf8)) ?? "").split(separator: "\n").suffix(count).joined(separator: "\n")
    }
}
