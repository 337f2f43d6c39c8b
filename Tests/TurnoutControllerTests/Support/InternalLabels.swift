import Foundation
import TurnoutState
import TurnoutStrategies

/// Internal names that must never reach a message people read: a `phase#step` position such as `pending#0`,
/// or the code name of a phase or an analysis purpose such as `startingGreen` or `canaryStep`.
enum InternalLabels {
    /// The raw names that are code, not words (`pending` or `promoted` read fine in a sentence).
    static let codeNames = (RolloutProgress.Phase.allCases.map(\.rawValue)
        + [AnalysisRequest.Purpose.betweenBatches, .prePromotion, .postPromotion, .canaryStep].map(\.rawValue))
        .filter { $0.contains(where: \.isUppercase) }

    /// The messages of `events` that show an internal label.
    static func leaks(in events: [DeployEvent]) -> [String] {
        events.map(\.message).filter { message in
            message.range(of: "[A-Za-z]+#[0-9]+", options: .regularExpression) != nil
                || codeNames.contains { message.contains($0) }
        }
    }
}
