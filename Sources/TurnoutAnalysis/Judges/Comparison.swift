/// The outcome of comparing the candidate with the baseline on one metric, in numbers.
public struct Comparison: Sendable, Hashable {
    /// What the comparison found.
    public enum Finding: String, Sendable, Hashable {
        /// Significantly worse and by more than the floor.
        case worse
        /// Not shown to be worse (not significant, or a difference under the floor).
        case notWorse
        /// Too few samples on either side to compare.
        case insufficientData
        /// Not compared: each candidate instance carried clearly more requests than a baseline instance, so a
        /// slower candidate would show its load, not its release (the SLO thresholds still judge it).
        case unequalLoad
    }

    /// The metric compared: `latencyP50` (the distributions, summarised by medians) or `errorRate`.
    public var metric: MetricName
    /// The finding.
    public var finding: Finding
    /// The one-sided p-value (1 when not computed).
    public var pValue: Double
    /// The effect: P(candidate slower) for latency, the share difference for errors.
    public var effect: Double
    /// The candidate's median latency or error share.
    public var candidateValue: Double
    /// The baseline's median latency or error share.
    public var baselineValue: Double
    /// Candidate samples.
    public var candidateSamples: Int
    /// Baseline samples.
    public var baselineSamples: Int
    /// One line with the numbers.
    public var summary: String
}
