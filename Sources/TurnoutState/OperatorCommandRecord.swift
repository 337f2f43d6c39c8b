import Foundation

/// A command a person gave a running deploy (`turnout promote`, `promote --full`, `abort`), numbered in the
/// order given so the deploy acts on each exactly once.
public struct OperatorCommandRecord: Codable, Sendable, Hashable {
    /// The deploy it is for.
    public var deployID: Int64
    /// 1, 2, 3... within the deploy, assigned by the store.
    public var sequence: Int
    /// `promote`, `promoteFull` or `abort`.
    public var kind: String
    /// When it was given.
    public var at: Date

    /// Creates a command record; the store assigns `sequence`.
    public init(deployID: Int64, sequence: Int = 0, kind: String, at: Date) {
        self.deployID = deployID
        self.sequence = sequence
        self.kind = kind
        self.at = at
    }
}
