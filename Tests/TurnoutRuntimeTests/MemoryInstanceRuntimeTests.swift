import Testing
import TurnoutManifest

@testable import TurnoutRuntime

@Suite struct MemoryInstanceRuntimeTests {
    func spec(_ ordinal: Int, app: String = "blog") -> InstanceSpec {
        InstanceSpec(app: app, service: "api", revision: 2, ordinal: ordinal, workload: .command(argv: ["turnout-api"], workingDirectory: "/srv"), port: 8000)
    }

    @Test func startsProbesCrashesAndStops() async throws {
        let runtime = MemoryInstanceRuntime()
        let check = HealthCheck(probe: .http(path: "/ready", expectStatus: 200))
        let first = try await runtime.start(spec(1))
        let second = try await runtime.start(spec(2))
        #expect(first.id == "api-r2-1")
        #expect(runtime.runningIDs == ["api-r2-1", "api-r2-2"])
        let place = first.endpoint!.description
        #expect(await runtime.probe(check, instance: first) == .failed(reason: "HTTP 503 from \(place)/ready (expected 200)"))

        runtime.setHealthy("api-r2-1")
        #expect(await runtime.probe(check, instance: first) == .passed)

        runtime.crash("api-r2-2", exitCode: 137)
        #expect(await runtime.status(second) == .exited(code: 137))
        #expect(await runtime.probe(check, instance: second) == .failed(reason: "connection refused (\(second.endpoint!))"))
        #expect(try await runtime.stop(second, timeout: .seconds(1)) == .alreadyGone)

        runtime.ignoreTerminate("api-r2-1")
        #expect(try await runtime.stop(first, timeout: .seconds(1)) == .killedAfterTimeout)
        #expect(runtime.stoppedIDs == ["api-r2-2", "api-r2-1"])
        #expect(runtime.runningIDs.isEmpty)
    }

    @Test func mismatchedRecordsAreGoneAndInjectedFailuresThrow() async throws {
        let runtime = MemoryInstanceRuntime(healthyOnStart: true)
        var record = try await runtime.start(spec(1))
        record.handle.id += "x"
        #expect(await runtime.status(record) == .gone)
        runtime.failStarts(of: "api", with: RuntimeError(.executableNotFound, "turnout-api missing"))
        await #expect(throws: RuntimeError.self) { try await runtime.start(spec(2)) }
        #expect(runtime.startedSpecs.map(\.ordinal) == [1])
    }

    @Test func discoversWhatItRunsForAnAppByLabel() async throws {
        let runtime = MemoryInstanceRuntime(healthyOnStart: true)
        let known = try await runtime.start(spec(1))
        let unknown = try await runtime.start(spec(2))
        _ = try await runtime.start(spec(3, app: "other"))
        #expect(try await runtime.discover(app: "blog", known: [known]) == [unknown])
    }
}
