/// The outcome of one analysis measurement the controller ran at a strategy's request.
public struct AnalysisVerdict: Sendable, Hashable, Codable {
    /// What the measurement concluded.
    public enum Outcome: Sendable, Hashable, Codable {
        /// Every judged metric within its objective.
        case pass
        /// At least one metric outside its objective (the reason names it and its value).
        case fail(String)
        /// A clear breach: a metric beyond its objective by the policy's fail-fast margin, with enough samples
        /// (the reason names it). Fails the step at once, without waiting for the failure limit.
        case breach(String)
        /// Not enough data to judge (too few samples, a source that cannot be read).
        case inconclusive(String)

        /// Whether the measurement failed (borderline or clearly).
        public var isFailure: Bool {
            switch self {
            case .fail, .breach: return true
            case .pass, .inconclusive: return false
            }
        }

        /// The reason of a failed or inconclusive measurement.
        public var reason: String? {
            switch self {
            case .pass: return nil
            case .fail(let why), .breach(let why), .inconclusive(let why): return why
            }
        }
    }

    /// What the measurement concluded.
    public var outcome: Outcome
    /// When it was taken, as time elapsed since the current step started.
    public var at: Duration
    /// The span the measurement covered, when the controller recorded it; shorter than the policy's window
    /// for a preliminary measurement early in a step.
    public var window: Duration?

    /// Creates a verdict.
    public init(_ outcome: Outcome, at: Duration, window: Duration? = nil) {
        self.outcome = outcome
        self.at = at
        self.window = window
    }
}
