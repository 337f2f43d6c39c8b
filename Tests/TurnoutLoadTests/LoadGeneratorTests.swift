import Foundation
import Testing
@testable import TurnoutLoad

/// The load generator against a real keep-alive server (a Python fixture) that closes connections the way
/// nginx does on reload.
@Suite(.serialized) struct LoadGeneratorTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/keepalive_server.py").path

    /// Starts the fixture on a free port and waits until it accepts connections.
    static func startServer(version: String, closeEvery: Int, status: Int = 200) throws -> (Process, Int) {
        let port = Int.random(in: 30_000...39_999)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixture, String(port), version, String(closeEvery), String(status)]
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let connection = BlockingHTTPConnection(target: HTTPTarget(host: "127.0.0.1", port: port, path: "/"), timeout: .seconds(1))
            if (try? connection.connect()) != nil { return (process, port) }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop(process)
        throw CocoaError(.fileNoSuchFile)
    }

    /// Stops the fixture by PID with SIGKILL (the test runner may block SIGTERM in the children it spawns).
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func parsesURLs() {
        #expect(HTTPTarget(url: "http://127.0.0.1:8080/api/v1/posts?page=2") == HTTPTarget(host: "127.0.0.1", port: 8080, path: "/api/v1/posts?page=2"))
        #expect(HTTPTarget(url: "http://localhost") == HTTPTarget(host: "127.0.0.1", port: 80, path: "/"))
        for bad in ["https://x/", "http://", "http://a:0/", "http://u@h/", "ftp://x", "http://a b/"] {
            #expect(HTTPTarget(url: bad) == nil, "\(bad)")
        }
    }

    @Test func countsResponsesVersionsAndLatency() async throws {
        let (server, port) = try Self.startServer(version: "v7", closeEvery: 0)
        defer { Self.stop(server) }
        let report = await LoadGenerator.run(LoadOptions(
            targets: [HTTPTarget(host: "127.0.0.1", port: port, path: "/a")], connections: 4, duration: .seconds(2)))
        #expect(report.responses > 50)
        #expect(report.versions == ["v7": report.responses])
        #expect(report.failedRequests == 0 && report.socketErrors == 0)
        #expect(report.p50Milliseconds > 0 && report.p50Milliseconds <= report.p99Milliseconds)
        #expect(report.versions(inLast: 1)["v7", default: 0] > 0)
    }

    @Test func retriesKeepAliveClosesOnceLikeRealClients() async throws {
        let (server, port) = try Self.startServer(version: "v1", closeEvery: 5)
        defer { Self.stop(server) }
        let target = HTTPTarget(host: "127.0.0.1", port: port, path: "/")
        let retrying = await LoadGenerator.run(LoadOptions(targets: [target], connections: 2, duration: .seconds(2)))
        #expect(retrying.retriedKeepAliveCloses > 5)
        #expect(retrying.socketErrors == retrying.retriedKeepAliveCloses)
        #expect(retrying.failedRequests == 0)

        let raw = await LoadGenerator.run(LoadOptions(targets: [target], connections: 2, duration: .seconds(2), retryClosedKeepAlive: false))
        #expect(raw.failedRequests > 5)
        #expect(raw.failedRequests == raw.socketErrors)
    }

    @Test func countsNon2xxAsFailedAndRefusedConnectionsAsErrors() async throws {
        let (server, port) = try Self.startServer(version: "bad", closeEvery: 0, status: 503)
        let report = await LoadGenerator.run(LoadOptions(
            targets: [HTTPTarget(host: "127.0.0.1", port: port, path: "/")], connections: 2, duration: .seconds(1)))
        #expect(report.non2xx == report.responses && report.responses > 0)
        #expect(report.statusClasses == ["5xx": report.responses])
        #expect(report.failedRequests == report.non2xx)
        Self.stop(server)

        let refused = await LoadGenerator.run(LoadOptions(
            targets: [HTTPTarget(host: "127.0.0.1", port: port, path: "/")], connections: 1, duration: .milliseconds(300)))
        #expect(refused.responses == 0)
        #expect(refused.failedRequests > 0 && refused.failedRequests == refused.socketErrors)
    }
}
