/// A strategy's own record of how far a rollout has come. The controller stores it with each decision (before
/// acting) and passes it back in the next ``Observation``, so a restarted controller resumes where it stopped.
public struct RolloutProgress: Sendable, Hashable, Codable {
    /// The stage a rollout is in. Each strategy uses the phases that apply to it.
    public enum Phase: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing done yet.
        case pending
        /// Rolling: a batch of new instances is starting and replacing old ones.
        case replacing
        /// Rolling: a batch finished; pausing and analysing before the next.
        case settling
        /// Blue-green: the green set is starting.
        case startingGreen
        /// Blue-green: green is healthy and under pre-promotion analysis.
        case prePromotionAnalysis
        /// Blue-green: green is ready; waiting for the auto-promotion delay or `turnout promote`.
        case awaitingPromotion
        /// Blue-green: traffic is on green; post-promotion analysis and the scale-down delay run.
        case switched
        /// Canary: canary instances for step `step` are starting.
        case scaling
        /// Canary: holding step `step`'s weight.
        case holding
        /// Blue-green and canary: all traffic is on the new revision; the old instances are stopping.
        case retiringStable
        /// Rolling back (see ``RolloutProgress/reason``).
        case rollingBack
        /// Done: the new revision is stable.
        case promoted
        /// Done: the stable revision serves alone again.
        case rolledBack
        /// Stopped without acting further; a person must look (see ``RolloutProgress/reason``).
        case halted

        /// Whether the rollout has ended.
        public var isTerminal: Bool { self == .promoted || self == .rolledBack || self == .halted }
    }

    /// The stage.
    public var phase: Phase
    /// The step or batch index within the phase (canary step, rolling batch), from 0.
    public var step: Int
    /// The highest ``OperatorCommand/sequence`` handled so far (0: none).
    public var lastCommand: Int
    /// A `turnout promote` received and not yet used by a gate or pause.
    public var promoteRequested: Bool
    /// `turnout promote --full` received: skip to all traffic on the new revision.
    public var promoteFull: Bool
    /// Why the rollout is rolling back or halted.
    public var reason: String?

    /// Creates a progress record (default: nothing done yet).
    public init(
        phase: Phase = .pending, step: Int = 0, lastCommand: Int = 0, promoteRequested: Bool = false,
        promoteFull: Bool = false, reason: String? = nil
    ) {
        self.phase = phase
        self.step = step
        self.lastCommand = lastCommand
        self.promoteRequested = promoteRequested
        self.promoteFull = promoteFull
        self.reason = reason
    }

    /// The phase and step in words, e.g. `holding canary step 2`, for messages people read (step events,
    /// the reason a rollback started).
    public var summary: String {
        switch phase {
        case .pending: "not started"
        case .replacing: "replacing instances (\(step) new wanted)"
        case .settling: step == 0 ? "about to start the first batch" : "settling after \(step) new instance(s)"
        case .startingGreen: "starting the green instances"
        case .prePromotionAnalysis: "analysing green before promotion"
        case .awaitingPromotion: "waiting to switch traffic to green"
        case .switched: "serving from green, blue kept for switching back"
        case .scaling: "scaling the canary for step \(step + 1)"
        case .holding: "holding canary step \(step + 1)"
        case .retiringStable: "retiring the stable revision"
        case .rollingBack: "rolling back"
        case .promoted: "promoted"
        case .rolledBack: "rolled back"
        case .halted: "halted"
        }
    }
}
