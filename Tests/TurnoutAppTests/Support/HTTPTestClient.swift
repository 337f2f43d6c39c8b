import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A parsed HTTP response.
struct HTTPTestResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:]
    }

    /// Header value by lower-case name.
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A minimal HTTP/1.1 client over a blocking loopback socket (one connection per
/// request, `Connection: close`), run on its own thread so tests never block
/// the cooperative pool.
struct HTTPTestClient: Sendable {
    let port: Int

    func get(_ path: String) async throws -> HTTPTestResponse {
        try await request("GET", path)
    }

    func post(_ path: String, json: Any) async throws -> HTTPTestResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await request("POST", path, body: Array(data))
    }

    func request(_ method: String, _ path: String, body: [UInt8]? = nil,
                 headers: [String: String] = [:]) async throws -> HTTPTestResponse {
        let port = self.port
        return try await withCheckedThrowingContinuation { continuation in
            // A thread per request: the global dispatch queue runs only as many
            // blocking items as there are cores, which would serialize requests.
            let thread = Thread {
                do {
                    continuation.resume(returning: try Self.perform(port: port, method: method, path: path, body: body, headers: headers))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    struct ClientError: Error, CustomStringConvertible {
        let description: String
    }

    private static func perform(port: Int, method: String, path: String, body: [UInt8]?,
                                headers: [String: String]) throws -> HTTPTestResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ClientError(description: "connect to \(port) failed: errno \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            if headers["Content-Type"] == nil { head += "Content-Type: application/json\r\n" }
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        let payload = Array(head.utf8) + (body ?? [])
        var sent = 0
        while sent < payload.count {
            let n = payload[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may answer early (413) and close
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return try parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> HTTPTestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            throw ClientError(description: "no HTTP response (\(bytes.count) bytes)")
        }
        let head = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw ClientError(description: "bad status line \(head[0])")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return HTTPTestResponse(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = (index..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: data[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= data.count else { break }
            output.append(contentsOf: data[start..<start + size])
            index = start + size + 2
        }
        return output
    }
}
