/// How a rollout judges metrics while it runs: how often, over which window, and what failure and missing
/// data lead to.
public struct AnalysisPolicy: Sendable, Hashable {
    /// What to do when a measurement is inconclusive (no traffic, a source that cannot be read).
    public enum InconclusiveAction: String, Sendable, Hashable, CaseIterable {
        /// Hold the rollout until a person promotes or aborts.
        case pause
        /// Measure again; after `inconclusiveLimit` in a row, roll back.
        case retry
        /// Roll back at once.
        case rollback
    }

    /// A metric the analysis judges.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        case latencyP95 = "latency_p95"
        case latencyP99 = "latency_p99"
        case errorRate = "error_rate"
        case cacheHitRate = "cache_hit_rate"
        case queueLength = "queue_length"
        case cpu
        case redisMemory = "redis_memory"
    }

    /// Time between measurements.
    public var interval: TimeSpan
    /// The span each measurement covers.
    public var window: TimeSpan
    /// How long after an instance turns ready its requests are left out of every measurement (connections
    /// to Redis and Postgres opening, pages faulting in), and how long after each traffic step begins the
    /// comparison with the stable revision waits (the router opening connections to the instances whose
    /// share rose). Measurements meanwhile cover the instances past it, or are inconclusive when none is.
    public var warmup: TimeSpan
    /// Consecutive failed measurements that fail the step.
    public var failureLimit: Int
    /// Requests a measurement needs before it can pass or fail.
    public var minSamples: Int
    /// What an inconclusive measurement leads to.
    public var inconclusive: InconclusiveAction
    /// Consecutive inconclusive measurements tolerated by `retry`.
    public var inconclusiveLimit: Int
    /// Also compare the new release with the stable one over the same window.
    public var compareWithStable: Bool
    /// The metrics judged (all SLO metrics by default).
    public var metrics: [Metric]
    /// Fail the step at once, without waiting for `failureLimit`, on a clear breach: a measurement with at
    /// least `minSamples` samples that is beyond its objective (and beyond the stable revision) by
    /// `failFastMargin` (see `ClearBreach` in TurnoutAnalysis). Measurements then start one interval into a
    /// step, over the shorter window the step has had so far; only a clear breach counts from those.
    public var failFast: Bool
    /// How far beyond the objective a clear breach is: latency and pending tasks at least this many times
    /// their objective, an error rate this many times the objective and significantly above it, a cache hit
    /// rate below the review level divided by it and significantly below it. At least 1.
    public var failFastMargin: Double

    /// The default ``warmup``: good canaries of the bundled API measured 50-110 % slower than stable for 2 to
    /// 5 s after a step from 10 to 50 %, then within the noise; 5 s leaves half of a 10 s step to compare.
    public static let defaultWarmup = TimeSpan.seconds(5)

    /// Creates an analysis policy.
    public init(
        interval: TimeSpan = .seconds(5), window: TimeSpan = .seconds(30), failureLimit: Int = 2,
        minSamples: Int = 50, inconclusive: InconclusiveAction = .pause, inconclusiveLimit: Int = 3,
        compareWithStable: Bool = true, metrics: [Metric] = Metric.allCases, failFast: Bool = true, failFastMargin: Double = 2,
        warmup: TimeSpan = AnalysisPolicy.defaultWarmup
    ) {
        self.interval = interval
        self.window = window
        self.warmup = warmup
        self.failureLimit = failureLimit
        self.minSamples = minSamples
        self.inconclusive = inconclusive
        self.inconclusiveLimit = inconclusiveLimit
        self.compareWithStable = compareWithStable
        self.metrics = metrics
        self.failFast = failFast
        self.failFastMargin = max(1, failFastMargin)
    }
}
