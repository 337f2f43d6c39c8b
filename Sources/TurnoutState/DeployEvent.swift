import Foundation

/// Something worth showing in history and progress output: a step, a health change, a measurement, a
/// verdict, with the values behind it.
public struct DeployEvent: Codable, Sendable, Hashable {
    /// The deploy it belongs to.
    public var deployID: Int64
    /// When it happened.
    public var at: Date
    /// A short machine-readable kind (`step`, `health`, `traffic`, `analysis`, `rollback`, ...).
    public var kind: String
    /// The sentence people read.
    public var message: String
    /// Values behind it (metric name -> value), for JSON output and history.
    public var values: [String: Double]

    /// Creates an event.
    public init(deployID: Int64, at: Date, kind: String, message: String, values: [String: Double] = [:]) {
        self.deployID = deployID
        self.at = at
        self.kind = kind
        self.message = message
        self.values = values
    }
}
