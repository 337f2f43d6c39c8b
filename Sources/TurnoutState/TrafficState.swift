/// The traffic split the router last applied for one web service: percent per revision.
public struct TrafficState: Codable, Sendable, Hashable {
    /// The service.
    public var service: String
    /// Revision number -> percent of traffic; sums to 100 over revisions that take traffic.
    public var weights: [Int: Int]

    /// Creates a traffic state.
    public init(service: String, weights: [Int: Int]) {
        self.service = service
        self.weights = weights
    }
}
