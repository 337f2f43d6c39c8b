import Foundation
import TurnoutGenerators

/// Sends each web service's traffic to the servers a plan names. The local runtime's implementation is
/// `NginxRouter`; `MemoryTrafficRouter` records plans for unit tests of the deploy loop.
public protocol TrafficRouter: Sendable {
    /// Applies `plan` and returns once it is what clients are served by.
    func apply(_ plan: TrafficPlan) async throws
    /// The serving process's PID, when the router runs (for status).
    func servingPID() -> Int32?
    /// Stops routing (nothing is served afterwards).
    func stop() async
    /// Where the router logs each proxied request as JSON (the analysis reads it).
    var accessLogPath: String { get }
}

/// A router that only remembers the plans it was given.
public final class MemoryTrafficRouter: TrafficRouter, @unchecked Sendable {
    private let lock = NSLock()
    private var plans: [TrafficPlan] = []
    private var running = false

    /// Creates a router that serves nothing yet.
    public init() {}

    public func apply(_ plan: TrafficPlan) async throws {
        lock.withLock {
            plans.append(plan)
            running = true
        }
    }

    public func servingPID() -> Int32? { lock.withLock { running ? getpid() : nil } }

    public func stop() async { lock.withLock { running = false } }

    public var accessLogPath: String { "/dev/null" }

    /// Every plan applied, in order.
    public var applied: [TrafficPlan] { lock.withLock { plans } }
}
