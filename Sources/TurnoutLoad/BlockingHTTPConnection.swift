import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One keep-alive HTTP/1.1 connection over a blocking socket with timeouts: writes a GET and reads the
/// response (Content-Length, chunked, or until close). Used from one thread at a time.
final class BlockingHTTPConnection {
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private let target: HTTPTarget
    private let timeout: Duration
    /// Responses read on the current socket (0: freshly connected).
    private(set) var responsesOnSocket = 0

    init(target: HTTPTarget, timeout: Duration) {
        self.target = target
        self.timeout = timeout
    }

    deinit { close() }

    var isOpen: Bool { fd >= 0 }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer.removeAll(keepingCapacity: true)
        responsesOnSocket = 0
    }

    func connect() throws(HTTPExchangeError) {
        close()
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw .connectFailed(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(target.port).bigEndian)
        guard inet_pton(AF_INET, target.host, &address.sin_addr) == 1 else {
            Glibc.close(socketFD)
            throw .connectFailed(EINVAL)
        }
        var seconds = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(socketFD, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(socketFD)
            throw code == EINPROGRESS || code == EAGAIN ? .timeout : .connectFailed(code)
        }
        fd = socketFD
    }

    /// Sends `GET path` and reads the response head and body.
    func get(_ path: String) throws(HTTPExchangeError) -> HTTPResponseHead {
        if fd < 0 { try connect() }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(target.host):\(target.port)\r\nUser-Agent: turnout-load\r\n\r\n"
        let sent = request.utf8CString.withUnsafeBufferPointer { pointer in
            send(fd, pointer.baseAddress, pointer.count - 1, Int32(MSG_NOSIGNAL))
        }
        if sent < 0 { throw classify(errno, anyBytes: false) }
        let head = try readHead()
        responsesOnSocket += 1
        if head.closes { close() }
        return head
    }

    private func readHead() throws(HTTPExchangeError) -> HTTPResponseHead {
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([13, 10, 13, 10], in: buffer)
            if headerEnd == nil { try fill(anyBytes: !buffer.isEmpty) }
        }
        let headText = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
        buffer.removeFirst(headerEnd! + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw .malformedResponse }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else { throw .malformedResponse }
        var length: Int?
        var chunked = false
        var closes = statusLine[0] == "HTTP/1.0"
        var version: String?
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length": length = Int(value)
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "connection": closes = value.lowercased() == "close"
            case "x-turnout-version": version = value
            default: break
            }
        }
        if chunked {
            try skipChunkedBody()
        } else if let length {
            try skip(length)
        } else if status >= 200, status != 204, status != 304 {
            try drainUntilClose()
            closes = true
        }
        return HTTPResponseHead(status: status, version: version, closes: closes)
    }

    private func skip(_ count: Int) throws(HTTPExchangeError) {
        while buffer.count < count { try fill(anyBytes: true) }
        buffer.removeFirst(count)
    }

    private func skipChunkedBody() throws(HTTPExchangeError) {
        while true {
            var lineEnd = Self.find([13, 10], in: buffer)
            while lineEnd == nil { try fill(anyBytes: true); lineEnd = Self.find([13, 10], in: buffer) }
            let sizeText = String(decoding: buffer[..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            buffer.removeFirst(lineEnd! + 2)
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw .malformedResponse }
            try skip(size + 2)
            if size == 0 { return }
        }
    }

    private func drainUntilClose() throws(HTTPExchangeError) {
        while true {
            do { try fill(anyBytes: true) } catch .closedMidResponse { buffer.removeAll(); return }
        }
    }

    private func fill(anyBytes: Bool) throws(HTTPExchangeError) {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
            return
        }
        let code = count == 0 ? ECONNRESET : errno
        throw classify(code, anyBytes: anyBytes)
    }

    private func classify(_ code: Int32, anyBytes: Bool) -> HTTPExchangeError {
        close()
        if code == EAGAIN || code == EWOULDBLOCK { return .timeout }
        return anyBytes ? .closedMidResponse : .closedBeforeResponse
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
