/// How traffic is currently routed for the service being rolled out, as the traffic router reports it.
public enum TrafficState: Sendable, Hashable, Codable {
    /// No traffic routing: a worker service consuming queues.
    case none
    /// The set of instances in the load balancer's upstream (rolling updates).
    case upstream(Set<InstanceID>)
    /// Percent of requests per revision, summing to 100 over the revisions listed (canary).
    case weights([TrafficWeight])
    /// The revision whose whole set takes all traffic (blue-green).
    case active(RevisionID)

    /// Percent of traffic `revision` takes, given the observed instances (for an upstream set: its share of
    /// the healthy instances in the set).
    public func percent(of revision: RevisionID, instances: [Instance]) -> Int {
        switch self {
        case .none: return 0
        case .active(let active): return active == revision ? 100 : 0
        case .weights(let weights): return weights.filter { $0.revision == revision }.reduce(0) { $0 + $1.percent }
        case .upstream(let members):
            let serving = instances.filter { members.contains($0.id) }
            guard !serving.isEmpty else { return 0 }
            let mine = serving.filter { $0.revision == revision }.count
            return mine * 100 / serving.count
        }
    }

    /// Whether `instance` can receive requests under this routing.
    public func routes(to instance: Instance) -> Bool {
        switch self {
        case .none: return false
        case .active(let active): return instance.revision == active
        case .weights(let weights): return weights.contains { $0.revision == instance.revision && $0.percent > 0 }
        case .upstream(let members): return members.contains(instance.id)
        }
    }
}

/// A revision's share of traffic.
public struct TrafficWeight: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The revision.
    public var revision: RevisionID
    /// Its share, 0 to 100 percent.
    public var percent: Int

    /// Creates a share.
    public init(revision: RevisionID, percent: Int) {
        self.revision = revision
        self.percent = percent
    }

    /// `rev=10%`.
    public var description: String { "\(revision)=\(percent)%" }
}
