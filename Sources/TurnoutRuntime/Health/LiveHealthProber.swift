import Foundation
import TurnoutManifest

/// Probes real instances: an HTTP GET over a small HTTP/1.1 client on POSIX sockets, a TCP connect, or a
/// command run as argv. Socket waits run on threads of their own, never on the cooperative pool.
public struct LiveHealthProber: HealthProber {
    /// Runs command probes.
    public var commandRunner: CommandRunner

    /// Creates a prober.
    public init(commandRunner: CommandRunner = CommandRunner()) { self.commandRunner = commandRunner }

    /// Probes the instance at the endpoint of the check's port (see `HealthProber`).
    public func probe(_ check: HealthCheck, instance: InstanceRecord) async -> ProbeResult {
        guard let endpoint = instance.endpoint(forPort: check.port) else {
            return .failed(reason: "\(instance.id) has no endpoint to probe")
        }
        return await probe(check, host: endpoint.host, port: endpoint.port)
    }

    /// Probes `host:port`. A command probe has `${PORT}` and `${HOST}` in its arguments replaced first.
    public func probe(_ check: HealthCheck, host: String, port: Int) async -> ProbeResult {
        let timeout = check.timeout
        switch check.probe {
        case .http(let path, let expectStatus):
            return await BlockingExecutor.run {
                Self.httpProbe(host: host, port: port, path: path, expectStatus: expectStatus, timeout: timeout)
            }
        case .tcp:
            return await BlockingExecutor.run { Self.tcpProbe(host: host, port: port, timeout: timeout) }
        case .command(let argv):
            let substituted = argv.map {
                $0.replacingOccurrences(of: "${PORT}", with: String(port)).replacingOccurrences(of: "${HOST}", with: host)
            }
            return await commandProbe(substituted, timeout: timeout)
        }
    }

    /// GETs `path` and compares the status line's code with `expectStatus`; the whole exchange (connect, send,
    /// status line) must fit in `timeout`.
    package static func httpProbe(host: String, port: Int, path: String, expectStatus: Int, timeout: TimeSpan) -> ProbeResult {
        let target = "\(host):\(port)\(path)"
        let deadline = ContinuousClock.now + timeout.duration
        do {
            let connection = try TCPConnection.connect(host: host, port: port, deadline: deadline)
            let request =
                "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: turnout-health\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n"
            try connection.send(Array(request.utf8), until: deadline)
            let head = try connection.receive(until: Array("\r\n".utf8), limit: 1024, deadline: deadline)
            guard let status = statusCode(in: head) else {
                let line = String(decoding: head.prefix(60), as: UTF8.self)
                return .failed(reason: "malformed HTTP status line from \(target): \(line.debugDescription)")
            }
            if status == expectStatus { return .passed }
            return .failed(reason: "HTTP \(status) from \(target) (expected \(expectStatus))")
        } catch {
            return .failed(reason: describe(error, target: target, timeout: timeout))
        }
    }

    /// Opens and closes a TCP connection within `timeout`.
    package static func tcpProbe(host: String, port: Int, timeout: TimeSpan) -> ProbeResult {
        do {
            _ = try TCPConnection.connect(host: host, port: port, deadline: .now + timeout.duration)
            return .passed
        } catch {
            return .failed(reason: describe(error, target: "\(host):\(port)", timeout: timeout))
        }
    }

    /// The status code of an HTTP/1.x status line at the start of `head`, e.g. 503 for `HTTP/1.1 503 ...`.
    static func statusCode(in head: [UInt8]) -> Int? {
        let text = String(decoding: head, as: UTF8.self)
        guard let line = text.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first,
            line.hasPrefix("HTTP/1.")
        else { return nil }
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[1].count == 3, let code = Int(parts[1]) else { return nil }
        return code
    }

    private func commandProbe(_ argv: [String], timeout: TimeSpan) async -> ProbeResult {
        let name = argv.first ?? ""
        do {
            switch try await commandRunner.run(argv, timeout: timeout) {
            case .exited(0): return .passed
            case .timedOut: return .failed(reason: "timeout after \(timeout) (command \(name))")
            case let ending: return .failed(reason: "command \(name) \(ending)")
            }
        } catch {
            return .failed(reason: "command \(name) could not run: \(error)")
        }
    }

    private static func describe(_ error: TCPConnection.Failure, target: String, timeout: TimeSpan) -> String {
        switch error {
        case .refused: return "connection refused (\(target))"
        case .timedOut: return "timeout after \(timeout) (\(target))"
        case .closed: return "connection closed before a response (\(target))"
        case .system(let message): return "\(message) (\(target))"
        }
    }
}
