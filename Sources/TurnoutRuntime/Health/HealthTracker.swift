import Foundation
import TurnoutManifest

/// Turns a stream of probe results into starting / healthy / unhealthy per instance, applying a health check's
/// thresholds and start period. A pure value: the caller supplies every timestamp.
///
/// Rules (the Docker and Kubernetes readiness semantics):
/// - an instance is `starting` until it first reaches `healthyThreshold` consecutive passes;
/// - a failure while `starting` and inside the start period does not count (and resets the passes);
/// - `unhealthyThreshold` consecutive counted failures make it `unhealthy`; `healthyThreshold` consecutive
///   passes make it `healthy` again;
/// - a crash (the process ended) makes it `unhealthy` at once and for good: a restarted process is a new
///   instance with a new ID.
public struct HealthTracker: Sendable, Hashable {
    /// An instance's health as the tracker judges it.
    public enum State: String, Sendable, Hashable, Codable {
        /// Not yet proven healthy.
        case starting
        /// Passing; may take traffic.
        case healthy
        /// Failing (or crashed); must not take traffic.
        case unhealthy
    }

    /// What the tracker knows about one instance.
    public struct InstanceHealth: Sendable, Hashable {
        /// The current judgement.
        public var state: State
        /// When the instance started (the start period counts from here).
        public var startedAt: Date
        /// Passes in a row.
        public var consecutivePasses: Int
        /// Counted failures in a row.
        public var consecutiveFailures: Int
        /// The latest failure's reason.
        public var lastFailure: String?
        /// Whether the process ended.
        public var crashed: Bool
    }

    /// Passes in a row that make an instance healthy (at least 1).
    public var healthyThreshold: Int
    /// Failures in a row that make an instance unhealthy (at least 1).
    public var unhealthyThreshold: Int
    /// Grace after start during which a starting instance's failures do not count.
    public var startPeriod: TimeSpan
    /// Every tracked instance by ID.
    public private(set) var instances: [String: InstanceHealth] = [:]

    /// Creates a tracker with the thresholds and start period of `check`.
    public init(check: HealthCheck) {
        self.init(
            healthyThreshold: check.healthyThreshold, unhealthyThreshold: check.unhealthyThreshold,
            startPeriod: check.startPeriod)
    }

    /// Creates a tracker with explicit thresholds.
    public init(healthyThreshold: Int, unhealthyThreshold: Int, startPeriod: TimeSpan) {
        self.healthyThreshold = max(1, healthyThreshold)
        self.unhealthyThreshold = max(1, unhealthyThreshold)
        self.startPeriod = startPeriod
    }

    /// Starts tracking `id`, started at `date`, as `starting` (resets anything known about it).
    public mutating func started(_ id: String, at date: Date) {
        instances[id] = InstanceHealth(
            state: .starting, startedAt: date, consecutivePasses: 0, consecutiveFailures: 0, lastFailure: nil,
            crashed: false)
    }

    /// Applies one probe result taken at `date` and returns the new state. An instance not yet tracked counts
    /// as started at `date`.
    @discardableResult
    public mutating func record(_ result: ProbeResult, for id: String, at date: Date) -> State {
        if instances[id] == nil { started(id, at: date) }
        guard var health = instances[id], !health.crashed else { return .unhealthy }
        switch result {
        case .passed:
            health.consecutivePasses += 1
            health.consecutiveFailures = 0
            if health.consecutivePasses >= healthyThreshold { health.state = .healthy }
        case .failed(let reason):
            health.consecutivePasses = 0
            health.lastFailure = reason
            let graced =
                health.state == .starting
                && date.timeIntervalSince(health.startedAt) * 1000 < Double(startPeriod.milliseconds)
            if !graced {
                health.consecutiveFailures += 1
                if health.consecutiveFailures >= unhealthyThreshold { health.state = .unhealthy }
            }
        }
        instances[id] = health
        return health.state
    }

    /// Records that the instance's process ended (`status` says how): it is unhealthy from now on.
    @discardableResult
    public mutating func recordCrash(of id: String, status: InstanceStatus, at date: Date) -> State {
        if instances[id] == nil { started(id, at: date) }
        instances[id]?.crashed = true
        instances[id]?.state = .unhealthy
        instances[id]?.consecutivePasses = 0
        instances[id]?.lastFailure = "process \(status)"
        return .unhealthy
    }

    /// The state of `id`, or `nil` when it is not tracked.
    public func state(of id: String) -> State? { instances[id]?.state }

    /// How many tracked instances are in `state`.
    public func count(_ state: State) -> Int { instances.values.filter { $0.state == state }.count }

    /// Stops tracking `id` (it was stopped).
    public mutating func forget(_ id: String) { instances[id] = nil }
}
