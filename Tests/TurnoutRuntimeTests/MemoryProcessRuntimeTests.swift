import Testing
import TurnoutManifest

@testable import TurnoutRuntime

@Suite struct MemoryProcessRuntimeTests {
    func spec(_ ordinal: Int, port: Int) -> InstanceSpec {
        InstanceSpec(
            service: "api", revision: 2, ordinal: ordinal, argv: ["turnout-api", "--port", "\(port)"], port: port,
            workingDirectory: "/srv", logPath: "/srv/logs/api-r2-\(ordinal).log")
    }

    @Test func startsProbesCrashesAndStops() async throws {
        let runtime = MemoryProcessRuntime()
        let check = HealthCheck(probe: .http(path: "/ready", expectStatus: 200))
        let first = try await runtime.start(spec(1, port: 20001))
        let second = try await runtime.start(spec(2, port: 20002))
        #expect(first.id == "api-r2-1")
        #expect(runtime.runningIDs == ["api-r2-1", "api-r2-2"])
        #expect(
            await runtime.probe(check, host: "127.0.0.1", port: 20001)
                == .failed(reason: "HTTP 503 from 127.0.0.1:20001/ready (expected 200)"))

        runtime.setHealthy("api-r2-1")
        #expect(await runtime.probe(check, host: "127.0.0.1", port: 20001) == .passed)

        runtime.crash("api-r2-2", exitCode: 137)
        #expect(runtime.status(second) == .exited(code: 137))
        #expect(
            await runtime.probe(check, host: "127.0.0.1", port: 20002)
                == .failed(reason: "connection refused (127.0.0.1:20002)"))
        #expect(try await runtime.stop(second, timeout: .seconds(1)) == .alreadyGone)

        runtime.ignoreTerminate("api-r2-1")
        #expect(try await runtime.stop(first, timeout: .seconds(1)) == .killedAfterTimeout)
        #expect(runtime.stoppedIDs == ["api-r2-2", "api-r2-1"])
        #expect(runtime.runningIDs.isEmpty)
    }

    @Test func mismatchedRecordsAreGoneAndInjectedFailuresThrow() async throws {
        let runtime = MemoryProcessRuntime(healthyOnStart: true)
        var record = try await runtime.start(spec(1, port: 20001))
        record.processStartTime += 1
        #expect(runtime.status(record) == .gone)
        runtime.failStarts(of: "api", with: RuntimeError(.executableNotFound, "turnout-api missing"))
        await #expect(throws: RuntimeError.self) { try await runtime.start(spec(2, port: 20002)) }
        #expect(runtime.startedSpecs.map(\.ordinal) == [1])
    }
}
