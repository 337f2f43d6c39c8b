/// The outcome of one analysis measurement the controller ran at a strategy's request.
public struct AnalysisVerdict: Sendable, Hashable, Codable {
    /// What the measurement concluded.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Every judged metric within its objective.
        case pass
        /// At least one metric outside its objective (the reason names it and its value).
        case fail(String)
        /// Not enough data to judge (too few samples, a source that cannot be read).
        case inconclusive(String)
    }

    /// What the measurement concluded.
    public var outcome: Outcome
    /// When it was taken, as time elapsed since the current step started.
    public var at: Duration

    /// Creates a verdict.
    public init(_ outcome: Outcome, at: Duration) {
        self.outcome = outcome
        self.at = at
    }
}
