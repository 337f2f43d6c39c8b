import Foundation
import Glibc
import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Real child processes through `LocalProcessRuntime`. Every test kills what it started in a `defer`.
@Suite struct LocalProcessRuntimeTests {
    let runtime = LocalProcessRuntime()

    @Test func startsInOwnSessionWithLogsAndExplicitEnvironmentThenStopsOnSIGTERM() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("start")
        defer { TestSupport.remove(directory) }
        let spec = try TestSupport.fixtureSpec(
            directory: directory, environment: [EnvironmentVariable(name: "FIXTURE_GREETING", value: "hello-env")])
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }

        #expect(record.logPath == spec.logPath)
        #expect(record.startTime == ProcStat.read(pid: record.pid)?.startTime)
        #expect(await TestSupport.waitForPort(spec.port!))
        #expect(runtime.status(record) == .running)

        // setsid took effect: the child leads its own session and process group, not ours.
        let stat = try #require(ProcStat.read(pid: record.pid))
        #expect(stat.session == record.pid)
        #expect(stat.processGroup == record.pid)
        #expect(stat.session != getsid(0))
        // stdin is /dev/null, stdout goes to the log file.
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(record.pid)/fd/0") == "/dev/null")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(record.pid)/fd/1") == spec.logPath)

        // stdout and stderr both land in the log; the environment is exactly what the spec gave.
        #expect(await TestSupport.waitUntil { TestSupport.log(spec.logPath).contains("listening on") })
        let log = TestSupport.log(spec.logPath)
        #expect(log.contains("fixture: greeting=hello-env"))
        #expect(log.contains("fixture: PATH unset"))

        let result = try await runtime.stop(record, timeout: .seconds(10))
        #expect(result == .exited(code: 0))
        #expect(runtime.status(record) == .exited(code: 0))
        #expect(TestSupport.log(spec.logPath).contains("got SIGTERM"))
        #expect(try await runtime.stop(record, timeout: .seconds(1)) == .alreadyGone)
    }

    @Test func childIgnoringSIGTERMIsKilledAfterTheTimeout() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("ignore")
        defer { TestSupport.remove(directory) }
        let spec = try TestSupport.fixtureSpec(directory: directory, arguments: ["--ignore-term"])
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }
        #expect(await TestSupport.waitUntil { TestSupport.log(spec.logPath).contains("listening on") })

        let began = ContinuousClock.now
        let result = try await runtime.stop(record, timeout: TimeSpan(milliseconds: 1500))
        let elapsed = ContinuousClock.now - began
        #expect(result == .killedAfterTimeout)
        #expect(elapsed >= .milliseconds(1500))
        #expect(elapsed < .seconds(15))
        #expect(runtime.status(record) == .signalled(signal: SIGKILL))
        #expect(!TestSupport.isAlive(pid: record.pid, startTime: record.startTime))
    }

    @Test func nonZeroExitOnSIGTERMIsReported() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("termcode")
        defer { TestSupport.remove(directory) }
        let spec = try TestSupport.fixtureSpec(directory: directory, arguments: ["--term-exit-code", "7"])
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }
        #expect(await TestSupport.waitUntil { TestSupport.log(spec.logPath).contains("listening on") })
        #expect(try await runtime.stop(record, timeout: .seconds(10)) == .exited(code: 7))
    }

    @Test func crashIsDetectedWithItsExitCodeAndReaped() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("crash")
        defer { TestSupport.remove(directory) }
        let spec = try TestSupport.fixtureSpec(
            directory: directory, arguments: ["--crash-after", "0.3", "--crash-code", "3"])
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }

        #expect(await TestSupport.waitUntil { runtime.status(record) != .running })
        #expect(runtime.status(record) == .exited(code: 3))
        // Reaped: no zombie is left behind, and the status is remembered.
        #expect(ProcStat.read(pid: record.pid) == nil || ProcStat.read(pid: record.pid)?.startTime != record.startTime)
        #expect(runtime.status(record) == .exited(code: 3))
        #expect(try await runtime.stop(record, timeout: .seconds(1)) == .alreadyGone)
    }

    @Test func reusedPIDWithAnotherStartTimeIsNeverTakenForOurs() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("reuse")
        defer { TestSupport.remove(directory) }
        let spec = try TestSupport.fixtureSpec(directory: directory)
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }
        #expect(await TestSupport.waitForPort(spec.port!))

        var impostor = record
        impostor.startTime += 1
        #expect(runtime.status(impostor) == .gone)
        #expect(try await runtime.stop(impostor, timeout: .seconds(1)) == .alreadyGone)
        #expect(runtime.status(record) == .running)

        // Our own PID, with a start time that is not ours: gone, and never signalled.
        var selfImpostor = record
        selfImpostor.pid = getpid()
        #expect(runtime.status(selfImpostor) == .gone)
        #expect(try await runtime.stop(selfImpostor, timeout: .seconds(1)) == .alreadyGone)

        let result = try await runtime.stop(record, timeout: .seconds(10))
        #expect(result == .exited(code: 0))
    }

    @Test func missingExecutableFailsBeforeSpawning() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("missing")
        defer { TestSupport.remove(directory) }
        for name in ["turnout-no-such-executable", "bin/no-such-file", "/nonexistent/turnout-api"] {
            let spec = ProcessSpec(
                service: "api", revision: 1, ordinal: 1, argv: [name], workingDirectory: directory,
                logPath: directory + "/logs/x.log")
            let error = await #expect(throws: RuntimeError.self) { try await runtime.start(spec) }
            #expect(error?.code == .executableNotFound)
        }
        // Nothing was spawned, so not even the log file was created.
        #expect(!FileManager.default.fileExists(atPath: directory + "/logs/x.log"))
    }

    @Test func relativeExecutableRunsFromTheWorkingDirectory() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("relative")
        defer { TestSupport.remove(directory) }
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        let script = directory + "/bin/hello"
        try "#!/bin/sh\necho \"cwd=$(pwd) arg=$1\"\nexit 4\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let spec = ProcessSpec(
            service: "worker", revision: 2, ordinal: 1, argv: ["bin/hello", "two words"],
            environment: [EnvironmentVariable(name: "PATH", value: "/usr/bin:/bin")], workingDirectory: directory,
            logPath: directory + "/logs/worker.log")
        let record = try await runtime.start(spec)
        defer { TestSupport.forceKill(record) }
        #expect(await TestSupport.waitUntil { runtime.status(record) != .running })
        #expect(runtime.status(record) == .exited(code: 4))
        #expect(TestSupport.log(spec.logPath) == "cwd=\(directory) arg=two words\n")
    }
}
