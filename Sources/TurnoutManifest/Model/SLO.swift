/// Service-level objectives; the defaults are the scaling guide's Stage-2 targets.
public struct SLO: Sendable, Hashable {
    /// 95th-percentile response time must stay below this.
    public var latencyP95: TimeSpan
    /// 99th-percentile response time must stay below this.
    public var latencyP99: TimeSpan
    /// Share of requests answered 5xx (or not at all) must stay below this.
    public var errorRate: Percentage
    /// Cache hit rate must stay above this.
    public var cacheHitRate: Percentage
    /// Below this cache hit rate the caching strategy needs review (a warning).
    public var cacheHitRateWarning: Percentage
    /// Pending jobs per queue must stay below this.
    public var queueLength: Int
    /// API CPU utilisation must stay below this.
    public var apiCPU: Percentage
    /// Redis used memory as a share of maxmemory must stay below this.
    public var redisMemory: Percentage
    /// Worker CPU utilisation must stay below this.
    public var workerCPU: Percentage

    /// Creates SLOs; every argument defaults to the scaling guide's target.
    public init(
        latencyP95: TimeSpan = TimeSpan(milliseconds: 200), latencyP99: TimeSpan = TimeSpan(milliseconds: 500),
        errorRate: Percentage = Percentage(0.1), cacheHitRate: Percentage = Percentage(80),
        cacheHitRateWarning: Percentage = Percentage(70), queueLength: Int = 100,
        apiCPU: Percentage = Percentage(70), redisMemory: Percentage = Percentage(80),
        workerCPU: Percentage = Percentage(80)
    ) {
        self.latencyP95 = latencyP95
        self.latencyP99 = latencyP99
        self.errorRate = errorRate
        self.cacheHitRate = cacheHitRate
        self.cacheHitRateWarning = cacheHitRateWarning
        self.queueLength = queueLength
        self.apiCPU = apiCPU
        self.redisMemory = redisMemory
        self.workerCPU = workerCPU
    }
}
