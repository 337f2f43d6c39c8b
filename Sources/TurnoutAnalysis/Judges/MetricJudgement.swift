/// How one reading stands against its objective.
public struct MetricJudgement: Sendable, Hashable {
    /// Within, in the warning band, or outside the objective.
    public enum Status: String, Sendable, Hashable {
        /// Within the objective.
        case pass
        /// Within the objective's tolerance but worth a look (cache hit rate between warning and target).
        case warning
        /// Outside the objective.
        case fail
    }

    /// The reading judged.
    public var reading: MetricReading
    /// The verdict on it.
    public var status: Status
    /// The objective: an upper bound, or for higher-is-better metrics a lower bound.
    public var limit: Double
    /// For higher-is-better metrics, the value below which it fails (between it and `limit` it warns).
    public var failBelow: Double?
    /// One line naming the metric, value, objective and source, e.g.
    /// `latency_p95 of r2 is 250 ms (instance /metrics, 812 samples), above the SLO of 200 ms`.
    public var summary: String
    /// Why a failure is a clear breach (`ClearBreach`), when the analysis found it one.
    public var clearBreach: String?

    /// Creates a judgement.
    public init(reading: MetricReading, status: Status, limit: Double, failBelow: Double? = nil, summary: String, clearBreach: String? = nil) {
        self.reading = reading
        self.status = status
        self.limit = limit
        self.failBelow = failBelow
        self.summary = summary
        self.clearBreach = clearBreach
    }
}
