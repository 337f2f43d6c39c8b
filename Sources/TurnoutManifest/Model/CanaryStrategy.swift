/// Canary: a few instances of the new release take a growing share of traffic, step by step, with analysis
/// at each step, until they take it all.
public struct CanaryStrategy: Sendable, Hashable {
    /// One step of a canary: a traffic weight held for a while, or until a person promotes.
    public struct Step: Sendable, Hashable {
        /// How long a step holds before the next one.
        public enum Pause: Sendable, Hashable {
            /// Hold for a fixed time (analysis runs meanwhile).
            case duration(TimeSpan)
            /// Hold until `turnout promote`.
            case manual
        }

        /// Percent of traffic sent to the new release, 1 to 100.
        public var weight: Int
        /// How long to hold.
        public var pause: Pause
        /// Whether the analysis runs during this step.
        public var analysis: Bool

        /// Creates a step.
        public init(weight: Int, pause: Pause = .duration(.zero), analysis: Bool = true) {
            self.weight = weight
            self.pause = pause
            self.analysis = analysis
        }
    }

    /// The steps, weights rising and the last at 100.
    public var steps: [Step]
    /// Canary instances started before the first step (`nil`: as many as the traffic weight needs, at least 1).
    public var canaryReplicas: Int?
    /// Analysis run during the steps.
    public var analysis: AnalysisPolicy?
    /// How long canary instances may take to become healthy before the deploy rolls back.
    public var progressDeadline: TimeSpan

    /// Creates a canary strategy (default steps: 10, 25, 50, 100 % with 30 s pauses).
    public init(
        steps: [Step] = CanaryStrategy.defaultSteps, canaryReplicas: Int? = nil, analysis: AnalysisPolicy? = nil,
        progressDeadline: TimeSpan = .seconds(120)
    ) {
        self.steps = steps
        self.canaryReplicas = canaryReplicas
        self.analysis = analysis
        self.progressDeadline = progressDeadline
    }

    /// 10, 25, 50, 100 % with 30 s pauses.
    public static let defaultSteps: [Step] = [10, 25, 50].map { Step(weight: $0, pause: .duration(.seconds(30))) }
        + [Step(weight: 100)]
}
