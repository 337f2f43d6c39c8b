import Foundation
import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Probes against real sockets and commands.
@Suite struct LiveHealthProberTests {
    let prober = LiveHealthProber()
    let runtime = LocalProcessRuntime()

    static func httpCheck(timeout: TimeSpan = .seconds(5)) -> HealthCheck {
        HealthCheck(probe: .http(path: "/ready", expectStatus: 200), timeout: timeout)
    }

    @Test func httpProbePassesOn200AndFailsOn503WithTheStatusAndTarget() async throws {
        let directory = try TestSupport.makeTemporaryDirectory("http")
        defer { TestSupport.remove(directory) }
        let ready = try TestSupport.fixtureSpec(ordinal: 1, directory: directory)
        let notReady = try TestSupport.fixtureSpec(ordinal: 2, directory: directory, arguments: ["--ready-status", "503"])
        let readyRecord = try await runtime.start(ready)
        defer { TestSupport.forceKill(readyRecord) }
        let notReadyRecord = try await runtime.start(notReady)
        defer { TestSupport.forceKill(notReadyRecord) }
        #expect(await TestSupport.waitForPort(ready.port!))
        #expect(await TestSupport.waitForPort(notReady.port!))

        #expect(await prober.probe(Self.httpCheck(), host: "127.0.0.1", port: ready.port!) == .passed)
        let failed = await prober.probe(Self.httpCheck(), host: "127.0.0.1", port: notReady.port!)
        #expect(failed == .failed(reason: "HTTP 503 from 127.0.0.1:\(notReady.port!)/ready (expected 200)"))

        let wrongExpectation = HealthCheck(probe: .http(path: "/other", expectStatus: 204), timeout: .seconds(5))
        let mismatch = await prober.probe(wrongExpectation, host: "localhost", port: ready.port!)
        #expect(mismatch == .failed(reason: "HTTP 200 from localhost:\(ready.port!)/other (expected 204)"))
        _ = try await runtime.stop(readyRecord, timeout: .seconds(10))
        _ = try await runtime.stop(notReadyRecord, timeout: .seconds(10))
    }

    @Test func closedPortIsRefused() async throws {
        let port = try PortAllocator().allocate()
        let result = await prober.probe(Self.httpCheck(), host: "127.0.0.1", port: port)
        #expect(result == .failed(reason: "connection refused (127.0.0.1:\(port)/ready)"))
        let tcp = await prober.probe(HealthCheck(probe: .tcp), host: "127.0.0.1", port: port)
        #expect(tcp == .failed(reason: "connection refused (127.0.0.1:\(port))"))
    }

    @Test func serverThatNeverAnswersTimesOutWithinTolerance() async throws {
        let listener = try TestListener()
        let began = ContinuousClock.now
        let result = await prober.probe(
            Self.httpCheck(timeout: TimeSpan(milliseconds: 500)), host: "127.0.0.1", port: listener.port)
        let elapsed = ContinuousClock.now - began
        #expect(result == .failed(reason: "timeout after 500ms (127.0.0.1:\(listener.port)/ready)"))
        #expect(elapsed >= .milliseconds(490))
        // The reason proves the 500 ms timeout fired; the bound only proves nothing hung (it is generous because a
        // loaded two-core machine can delay resuming the task by seconds).
        #expect(elapsed < .seconds(20))
    }

    @Test func tcpProbePassesOnAListeningSocket() async throws {
        let listener = try TestListener()
        #expect(await prober.probe(HealthCheck(probe: .tcp), host: "127.0.0.1", port: listener.port) == .passed)
    }

    @Test func manyProbesRunConcurrentlyOffTheCooperativePool() async throws {
        // Four times more never-answering probes than the machine has cores: if they waited on a pool about as wide
        // as the machine (the cooperative pool, or a dispatch queue) they would take 4 x 2s one batch after
        // another instead of about 2s together.
        let listener = try TestListener()
        let check = Self.httpCheck(timeout: .seconds(2))
        let prober = self.prober
        let port = listener.port
        let began = ContinuousClock.now
        let results = await withTaskGroup(of: ProbeResult.self) { group in
            for _ in 0..<8 { group.addTask { await prober.probe(check, host: "127.0.0.1", port: port) } }
            return await group.reduce(into: [ProbeResult]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { !$0.isPassed })
        // One after another they would need 16 s; together about 2 s, with room for a loaded machine.
        #expect(ContinuousClock.now - began < .seconds(12))
    }

    @Test func commandProbeUsesExitStatusSubstitutesPortAndKillsOnTimeout() async throws {
        let pass = HealthCheck(probe: .command(["/bin/true"]), timeout: .seconds(10))
        #expect(await prober.probe(pass, host: "127.0.0.1", port: 1) == .passed)

        let fail = HealthCheck(probe: .command(["/bin/false"]), timeout: .seconds(10))
        #expect(await prober.probe(fail, host: "127.0.0.1", port: 1) == .failed(reason: "command /bin/false exited 1"))

        let script = "import sys; sys.exit(0 if sys.argv[1:] == ['127.0.0.1', '4321'] else 9)"
        let substituted = HealthCheck(
            probe: .command([TestSupport.python, "-c", script, "${HOST}", "${PORT}"]), timeout: .seconds(20))
        #expect(await prober.probe(substituted, host: "127.0.0.1", port: 4321) == .passed)

        let slow = HealthCheck(probe: .command(["/bin/sleep", "30"]), timeout: TimeSpan(milliseconds: 300))
        let began = ContinuousClock.now
        let result = await prober.probe(slow, host: "127.0.0.1", port: 1)
        #expect(result == .failed(reason: "timeout after 300ms (command /bin/sleep)"))
        // Killed on timeout: far sooner than the 30 s the command would sleep.
        #expect(ContinuousClock.now - began < .seconds(20))

        let missing = HealthCheck(probe: .command(["no-such-health-command"]), timeout: .seconds(1))
        let missingResult = await prober.probe(missing, host: "127.0.0.1", port: 1)
        #expect(missingResult.description.contains("executable-not-found"))
    }

    @Test(
        arguments: [
            ("HTTP/1.1 200 OK\r\n", 200), ("HTTP/1.0 503 Service Unavailable\r\nX: y\r\n", 503), ("HTTP/1.1 204\r\n", 204),
            ("SSH-2.0-OpenSSH\r\n", nil), ("HTTP/1.1 20 OK\r\n", nil), ("", nil),
        ] as [(String, Int?)])
    func statusLineParsing(head: String, expected: Int?) {
        #expect(LiveHealthProber.statusCode(in: Array(head.utf8)) == expected)
    }
}
