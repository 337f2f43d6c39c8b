import Glibc

/// A blocking TCP client socket with deadlines (non-blocking descriptor + `poll`), enough for a RESP
/// conversation. Closed when it goes away.
final class LoopbackSocket {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Connects to `host:port` (IPv4 literal or a name resolved to IPv4) before `deadline`.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(SourceFailure) -> LoopbackSocket {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            throw SourceFailure("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(AF_INET, flags, 0)
        guard descriptor >= 0 else { throw SourceFailure(lastError()) }
        let connection = LoopbackSocket(descriptor: descriptor)
        if Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return connection }
        guard errno == EINPROGRESS else { throw SourceFailure("connecting to \(host):\(port): \(lastError())") }
        try connection.wait(for: Int16(POLLOUT), until: deadline, doing: "connecting to \(host):\(port)")
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
        if socketError != 0 { throw SourceFailure("connecting to \(host):\(port): \(String(cString: strerror(socketError)))") }
        return connection
    }

    /// Writes all of `bytes` before `deadline`.
    func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(SourceFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try wait(for: Int16(POLLOUT), until: deadline, doing: "sending")
            } else {
                throw SourceFailure("sending: \(Self.lastError())")
            }
        }
    }

    /// Reads whatever arrives next (at least one byte) before `deadline`; throws when the peer closed.
    func receive(until deadline: ContinuousClock.Instant) throws(SourceFailure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 { throw SourceFailure("the server closed the connection") }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { throw SourceFailure("receiving: \(Self.lastError())") }
            try wait(for: Int16(POLLIN), until: deadline, doing: "waiting for a reply")
        }
    }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant, doing what: String) throws(SourceFailure) {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw SourceFailure("timed out \(what)") }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw SourceFailure("\(what): \(Self.lastError())") }
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
