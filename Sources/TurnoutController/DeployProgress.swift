import Foundation
import TurnoutStrategies

/// What a deploy stores about its progress (in `DeployRecord.progress`), written before and after every
/// step, so that `turnout resume` can continue it and `turnout rollback` can undo it after a crash.
public struct DeployProgress: Codable, Sendable, Hashable {
    /// Where one service's rollout stands.
    public struct ServiceProgress: Codable, Sendable, Hashable {
        /// The strategy's own progress.
        public var progress: RolloutProgress
        /// Time since this service's rollout started, when last saved.
        public var rolloutElapsedMilliseconds: Int64
        /// Time since its current step started, when last saved.
        public var stepElapsedMilliseconds: Int64
        /// Analysis verdicts of the current step.
        public var verdicts: [AnalysisVerdict]
        /// `promoted`, `rolled_back` or `halted` once finished.
        public var outcome: String?
        /// Why it rolled back or halted.
        public var reason: String?
        /// The status line last reported.
        public var status: String

        /// A service that has not started yet.
        public static let fresh = ServiceProgress(
            progress: RolloutProgress(), rolloutElapsedMilliseconds: 0, stepElapsedMilliseconds: 0, verdicts: [],
            outcome: nil, reason: nil, status: "pending")
    }

    /// Services in rollout order.
    public var order: [String]
    /// Progress per service.
    public var services: [String: ServiceProgress]
    /// The `--env` overrides of the deploy, per service (`SERVICE` -> name -> value), kept so a resume starts
    /// the same instances.
    public var overrides: [String: [String: String]]

    /// Creates the progress of a deploy that has not started any service.
    public init(order: [String], overrides: [String: [String: String]]) {
        self.order = order
        self.services = Dictionary(uniqueKeysWithValues: order.map { ($0, ServiceProgress.fresh) })
        self.overrides = overrides
    }

    static func decode(_ data: Data?) -> DeployProgress? {
        data.flatMap { try? JSONDecoder().decode(DeployProgress.self, from: $0) }
    }

    func encoded() throws -> Data { try JSONEncoder().encode(self) }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// Seconds, to the millisecond (for events and reports).
    var inSeconds: Double { Double(milliseconds) / 1000 }
}
