import Foundation

/// One action of a deploy, recorded before it runs (`intended`) and again after (`done` or `failed`), so
/// that after a crash the store shows exactly which action may have been half-applied.
public struct StepRecord: Codable, Sendable, Hashable {
    /// Where an action stands.
    public enum Phase: String, Codable, Sendable, Hashable {
        case intended
        case done
        case failed
    }

    /// The deploy it belongs to.
    public var deployID: Int64
    /// 1, 2, 3... within the deploy.
    public var sequence: Int
    /// The action, as JSON.
    public var action: String
    /// Intended, done or failed.
    public var phase: Phase
    /// What happened (for done/failed).
    public var result: String?
    /// When the phase was recorded.
    public var at: Date

    /// Creates a step record.
    public init(deployID: Int64, sequence: Int, action: String, phase: Phase, result: String? = nil, at: Date) {
        self.deployID = deployID
        self.sequence = sequence
        self.action = action
        self.phase = phase
        self.result = result
        self.at = at
    }
}
