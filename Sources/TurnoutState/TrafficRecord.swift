import Foundation

/// The traffic routing last applied for one service: the strategy's routing (JSON, as the controller's
/// strategies define it) and a summary for people, such as `r2=10% r1=90%`.
public struct TrafficRecord: Codable, Sendable, Hashable {
    /// The service.
    public var service: String
    /// The routing, JSON.
    public var routing: Data
    /// A one-line summary.
    public var summary: String

    /// Creates a traffic record.
    public init(service: String, routing: Data, summary: String) {
        self.service = service
        self.routing = routing
        self.summary = summary
    }
}
