import Foundation
import TurnoutManifest

/// A one-shot HTTP/1.1 GET over a loopback socket with a deadline, returning status and body: for reading
/// `/metrics` pages and nginx's `/turnout-lb-health` without blocking Swift's cooperative threads.
public enum HTTPFetch {
    /// A fetched response.
    public struct Response: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// The body (de-chunked).
        public var body: [UInt8]

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why nothing came back.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// What happened, e.g. `connection refused by 127.0.0.1:8080`.
        public var description: String
    }

    /// GETs `path` from `host:port` within `timeout`, reading at most `limit` bytes.
    public static func get(host: String, port: Int, path: String, timeout: TimeSpan, limit: Int = 8 << 20) async -> Result<Response, Failure> {
        await BlockingExecutor.run { fetch(host: host, port: port, path: path, timeout: timeout, limit: limit) }
    }

    /// Sends one HTTP/1.1 request (`Connection: close`) with `body` over the Unix domain socket at `socket`
    /// within `timeout`, reading at most `limit` bytes of answer: the Docker Engine API's transport.
    package static func request(socket: String, method: String, path: String, headers: [String: String] = [:], body: [UInt8] = [],
                                timeout: TimeSpan, limit: Int = 64 << 20) async -> Result<Response, Failure> {
        await BlockingExecutor.run {
            let deadline = ContinuousClock.now + timeout.duration
            let target = "\(socket) \(method) \(path)"
            do throws(TCPConnection.Failure) {
                let connection = try TCPConnection.connect(unixSocket: socket, deadline: deadline)
                var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nUser-Agent: turnout\r\nConnection: close\r\n"
                for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
                if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
                try connection.send(Array((head + "\r\n").utf8) + body, until: deadline)
                let raw = try connection.receiveToEnd(limit: limit, deadline: deadline)
                guard let response = parse(raw) else { return .failure(Failure(description: "malformed HTTP response from \(target)")) }
                return .success(response)
            } catch {
                switch error {
                case .refused: return .failure(Failure(description: "nothing listens on \(socket)"))
                case .timedOut: return .failure(Failure(description: "no answer to \(target) within \(timeout)"))
                case .closed: return .failure(Failure(description: "\(socket) closed the connection without answering \(method) \(path)"))
                case .system(let message): return .failure(Failure(description: "\(target): \(message)"))
                }
            }
        }
    }

    static func fetch(host: String, port: Int, path: String, timeout: TimeSpan, limit: Int) -> Result<Response, Failure> {
        let deadline = ContinuousClock.now + timeout.duration
        let target = "\(host):\(port)\(path)"
        do throws(TCPConnection.Failure) {
            let connection = try TCPConnection.connect(host: host, port: port, deadline: deadline)
            let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: turnout\r\nConnection: close\r\n\r\n"
            try connection.send(Array(request.utf8), until: deadline)
            let raw = try connection.receiveToEnd(limit: limit, deadline: deadline)
            guard let response = parse(raw) else { return .failure(Failure(description: "malformed HTTP response from \(target)")) }
            return .success(response)
        } catch {
            switch error {
            case .refused: return .failure(Failure(description: "connection refused by \(host):\(port)"))
            case .timedOut: return .failure(Failure(description: "no answer from \(target) within \(timeout)"))
            case .closed: return .failure(Failure(description: "\(target) closed the connection without answering"))
            case .system(let message): return .failure(Failure(description: "\(target): \(message)"))
            }
        }
    }

    /// Splits a complete response into status and body, undoing chunked transfer encoding.
    static func parse(_ raw: [UInt8]) -> Response? {
        guard let headEnd = raw.firstRange(of: [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: raw[..<headEnd.lowerBound], as: UTF8.self)
        guard let status = LiveHealthProber.statusCode(in: Array(head.utf8) + [13, 10]) else { return nil }
        var body = Array(raw[headEnd.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") {
            var decoded: [UInt8] = []
            var index = 0
            while let lineEnd = body[index...].firstRange(of: [13, 10]) {
                let sizeText = String(decoding: body[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
                if size == 0 { break }
                let start = lineEnd.upperBound
                guard start + size <= body.count else { return nil }
                decoded += body[start..<start + size]
                index = start + size + 2
                guard index <= body.count else { break }
            }
            body = decoded
        }
        return Response(status: status, body: body)
    }
}
