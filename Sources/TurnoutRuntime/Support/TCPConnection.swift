import Glibc

/// A blocking-with-deadline TCP client socket over POSIX calls: non-blocking connect finished with `poll`,
/// then writes and reads that each wait at most until a deadline.
package struct TCPConnection: ~Copyable {
    /// Why an operation did not complete.
    package enum Failure: Error, Equatable {
        /// The peer refused the connection.
        case refused
        /// The deadline passed.
        case timedOut
        /// The peer closed the connection.
        case closed
        /// Another system error, as text.
        case system(String)
    }

    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Connects to `host:port` (an IPv4 literal, `localhost`, or a name resolved to IPv4) before `deadline`.
    package static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(Failure) -> TCPConnection {
        guard var address = SocketAddress.resolve(host: host, port: port) else {
            throw .system("cannot resolve \(host) to an IPv4 address")
        }
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(AF_INET, flags, 0)
        guard descriptor >= 0 else { throw .system(lastError()) }
        let connection = TCPConnection(descriptor: descriptor)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result == 0 { return connection }
        guard errno == EINPROGRESS else { throw errno == ECONNREFUSED ? .refused : .system(lastError()) }
        try connection.wait(for: Int16(POLLOUT), until: deadline)
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
        if socketError == ECONNREFUSED { throw .refused }
        if socketError != 0 { throw .system(String(cString: strerror(socketError))) }
        return connection
    }

    /// Connects to the Unix domain socket at `path` (a local server such as the Docker Engine) before `deadline`.
    package static func connect(unixSocket path: String, deadline: ContinuousClock.Instant) throws(Failure) -> TCPConnection {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .system("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        let flags = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = socket(AF_UNIX, flags, 0)
        guard descriptor >= 0 else { throw .system(lastError()) }
        let connection = TCPConnection(descriptor: descriptor)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if result == 0 { return connection }
        guard errno == EINPROGRESS || errno == EAGAIN else {
            throw errno == ECONNREFUSED || errno == ENOENT ? .refused : .system(lastError())
        }
        try connection.wait(for: Int16(POLLOUT), until: deadline)
        return connection
    }

    /// Writes all of `bytes` before `deadline`.
    package func send(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try wait(for: Int16(POLLOUT), until: deadline)
            } else {
                throw errno == EPIPE || errno == ECONNRESET ? .closed : .system(lastError())
            }
        }
    }

    /// Reads until the received bytes contain `terminator`, the peer closes, or `deadline` passes; returns what
    /// arrived (at most `limit` bytes). Throws `closed` only when nothing at all arrived.
    package func receive(until terminator: [UInt8], limit: Int = 4096, deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while received.count < limit, !received.containsSequence(terminator) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                if received.isEmpty { throw .closed }
                return received
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try wait(for: Int16(POLLIN), until: deadline)
            } else {
                throw errno == ECONNRESET ? .closed : .system(lastError())
            }
        }
        return received
    }

    /// Reads until the peer closes or `limit` bytes arrived, before `deadline`.
    package func receiveToEnd(limit: Int, deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while received.count < limit {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                return received
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                try wait(for: Int16(POLLIN), until: deadline)
            } else {
                throw errno == ECONNRESET ? .closed : .system(lastError())
            }
        }
        return received
    }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut }
            let milliseconds = Int32(
                clamping: remaining.components.seconds * 1000
                    + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw .system(lastError()) }
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
    private func lastError() -> String { String(cString: strerror(errno)) }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
