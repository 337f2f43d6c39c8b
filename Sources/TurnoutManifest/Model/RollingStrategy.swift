/// Rolling update: new instances replace old ones a batch at a time, each batch health-checked before the
/// next begins.
public struct RollingStrategy: Sendable, Hashable {
    /// Instances started above the desired count during the update.
    public var maxSurge: ScaleAmount
    /// Instances that may be unavailable below the desired count during the update.
    public var maxUnavailable: ScaleAmount
    /// Wait after each batch becomes healthy, before the next.
    public var pauseBetweenBatches: TimeSpan
    /// How long new instances may take to become healthy before the deploy rolls back.
    public var progressDeadline: TimeSpan
    /// Metric analysis between batches, if any.
    public var analysis: AnalysisPolicy?

    /// Creates a rolling strategy (defaults: surge 1, unavailable 0, no pause).
    public init(
        maxSurge: ScaleAmount = .count(1), maxUnavailable: ScaleAmount = .count(0),
        pauseBetweenBatches: TimeSpan = .zero, progressDeadline: TimeSpan = .seconds(120),
        analysis: AnalysisPolicy? = nil
    ) {
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.pauseBetweenBatches = pauseBetweenBatches
        self.progressDeadline = progressDeadline
        self.analysis = analysis
    }
}
