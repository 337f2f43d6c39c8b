/// Fault injection switches of the API, all off by default.
///
/// The rollout engine sets them (flags or `TURNOUT_FAULT_*` environment
/// variables) to produce deliberately bad releases.
public struct APIFaults: Sendable, Equatable {
    /// Fraction (0...1) of requests answered with a 500.
    public var errorRate: Double = 0
    /// Extra latency added to affected requests, in seconds.
    public var latency: Double = 0
    /// Fraction (0...1) of requests that get ``latency`` (1 when only latency is given).
    public var latencyRate: Double = 1
    /// Never report ready.
    public var neverReady = false
    /// Exit with a non-zero status after this many seconds (nil: never).
    public var crashAfter: Double?
    /// Seconds to wait before listening.
    public var slowStart: Double = 0
    /// Fraction of one core to burn continuously (0...1, values above 1 burn several cores).
    public var cpuBurn: Double = 0
    /// Bypass the Redis cache: every read is a miss served by Postgres.
    public var disableCache = false
    /// Every request (health checks too, not `/metrics`) costs this fraction more CPU than it does (see
    /// `RequestCostInflator`): 0.3 makes a release 30 % slower on every request on a busy host.
    public var slowdown: Double = 0

    /// All switches off.
    public init() {}

    /// True when any switch is on.
    public var anyEnabled: Bool { self != APIFaults() }

    /// Whether this request should fail (draws a random number).
    public func shouldFail() -> Bool { errorRate > 0 && Double.random(in: 0..<1) < errorRate }

    /// Whether this request should be delayed.
    public func shouldDelay() -> Bool { latency > 0 && Double.random(in: 0..<1) < latencyRate }
}

/// Fault injection switches of the worker, all off by default.
public struct WorkerFaults: Sendable, Equatable {
    /// Multiplier applied to every job's duration (1: normal).
    public var jobDelayFactor: Double = 1
    /// Fraction (0...1) of job attempts that fail.
    public var jobFailureRate: Double = 0
    /// Exit with a non-zero status after this many seconds (nil: never).
    public var crashAfter: Double?

    /// All switches off.
    public init() {}

    /// Whether this attempt should fail (draws a random number).
    public func shouldFail() -> Bool { jobFailureRate > 0 && Double.random(in: 0..<1) < jobFailureRate }
}
