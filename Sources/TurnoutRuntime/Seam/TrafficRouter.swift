import Foundation

/// Sends each web service's traffic where a routing table says, and says when that is what clients get. The
/// local, Docker and Swarm platforms route through Turnout's two-tier nginx (`NginxRouter`); a Kubernetes
/// platform would set ingress weights and service selectors; `MemoryTrafficRouter` records tables for unit
/// tests of the deploy loop.
public protocol TrafficRouter: Sendable {
    /// Applies `table` and returns once it is what clients are served by.
    func apply(_ table: RoutingTable) async throws
    /// Whether the router is serving (a table applied earlier may be gone after a restart of the host).
    func isServing() async -> Bool
    /// One line for `turnout status`, e.g. `nginx (PID 1234) on 127.0.0.1:8080`; `nil` when not serving.
    func describe() async -> String?
    /// Stops routing (nothing is served afterwards).
    func stop() async
    /// Where the router logs each proxied request in Turnout's JSON format (the analysis reads it), when it does.
    var requestLog: String? { get }
}

/// A router that only remembers the tables it was given.
public final class MemoryTrafficRouter: TrafficRouter, @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [RoutingTable] = []
    private var running = false

    /// Creates a router that serves nothing yet.
    public init() {}

    public func apply(_ table: RoutingTable) async throws {
        lock.withLock {
            tables.append(table)
            running = true
        }
    }

    public func isServing() async -> Bool { lock.withLock { running } }

    public func describe() async -> String? { lock.withLock { running ? "memory router" : nil } }

    public func stop() async { lock.withLock { running = false } }

    public var requestLog: String? { nil }

    /// Every table applied, in order.
    public var applied: [RoutingTable] { lock.withLock { tables } }
}
