import TurnoutRuntime
import Glibc

/// Hands out free loopback ports for instances from a configured range.
///
/// A port is free when it is not in the caller's set of already assigned ports and binding `127.0.0.1:port`
/// succeeds right now. The scan starts at a random place in the range so that allocators in concurrent
/// processes (or tests) rarely race for the same port.
public struct PortAllocator: Sendable {
    /// The ports that may be handed out.
    public var range: ClosedRange<Int>
    /// Decides whether a port is in use on this host; `PortAllocator.isBound` by default.
    public var isInUse: @Sendable (Int) -> Bool

    /// The default range, 20000-29999.
    public static let defaultRange = 20000...29999

    /// Creates an allocator over `range`.
    public init(range: ClosedRange<Int> = PortAllocator.defaultRange, isInUse: @escaping @Sendable (Int) -> Bool = PortAllocator.isBound) {
        self.range = range
        self.isInUse = isInUse
    }

    /// One free port not in `assigned`; the scan starts at `start` (a random port of the range by default).
    public func allocate(excluding assigned: Set<Int> = [], startingAt start: Int? = nil) throws -> Int {
        try allocate(count: 1, excluding: assigned, startingAt: start)[0]
    }

    /// `count` distinct free ports not in `assigned`.
    public func allocate(count: Int, excluding assigned: Set<Int> = [], startingAt start: Int? = nil) throws -> [Int] {
        let size = range.count
        let first = start.map { min(max($0, range.lowerBound), range.upperBound) } ?? Int.random(in: range)
        var chosen: [Int] = []
        var offset = 0
        while chosen.count < count, offset < size {
            let port = range.lowerBound + (first - range.lowerBound + offset) % size
            offset += 1
            if assigned.contains(port) || isInUse(port) { continue }
            chosen.append(port)
        }
        guard chosen.count == count else {
            throw RuntimeError(
                .noFreePort, "no \(count) free port(s) in \(range.lowerBound)-\(range.upperBound)",
                hint: "stop old instances or widen the port range")
        }
        return chosen
    }

    /// Whether binding `127.0.0.1:port` fails right now (some socket holds it, or it lingers in TIME_WAIT).
    @Sendable public static func isBound(_ port: Int) -> Bool { bindFails(port, reuseAddress: false) }

    /// Whether a socket listens on (or is bound to) `port`; connections lingering in TIME_WAIT do not count, as
    /// they do not stop a server that sets `SO_REUSEADDR` (Redis, PostgreSQL, nginx) from listening there.
    public static func hasListener(_ port: Int) -> Bool { bindFails(port, reuseAddress: true) }

    private static func bindFails(_ port: Int, reuseAddress: Bool) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var one: Int32 = 1
        if reuseAddress {
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = SocketAddress.loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result != 0
    }
}
