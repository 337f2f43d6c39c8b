/// The load one revision's instances carried over the samples compared: how many were sent requests, how
/// many requests, and the router's weight of each.
///
/// The weight is what the router was told (nginx's per-server weight: with `least_conn` it keeps each
/// server's requests in flight proportional to it, with round robin its share of new requests), so it does
/// not depend on how fast the release answers; requests served do (a slower instance serves fewer under
/// `least_conn`), which is why they alone cannot show that an instance was overloaded.
public struct InstanceLoad: Sendable, Hashable {
    /// Instances of the revision that were sent requests.
    public var instances: Int
    /// Requests (attempts) they were sent.
    public var requests: Int
    /// The router's weight of each of them (their mean, when they differ); `nil` when unknown.
    public var routingWeight: Double?

    /// Creates a load.
    public init(instances: Int, requests: Int, routingWeight: Double? = nil) {
        self.instances = instances
        self.requests = requests
        self.routingWeight = routingWeight
    }

    /// Requests per instance.
    public var requestsPerInstance: Double { instances > 0 ? Double(requests) / Double(instances) : 0 }
}

/// How much more load each candidate instance carried than a baseline instance.
public struct LoadRatio: Sendable, Hashable {
    /// The ratio of the router's per-instance weights, when both are known.
    public var weights: Double?
    /// The ratio of requests per instance.
    public var served: Double

    /// The larger of the two: an instance is as loaded as the router made it, or as its requests show when
    /// it got more than its weight says (a stable instance out of the upstream, clients pinned by hash).
    /// A slower release cannot lower it below the weights' ratio by serving fewer requests.
    public var value: Double { max(weights ?? served, served) }

    /// The ratio of `candidate`'s load to `baseline`'s; `nil` when either side has no instances or requests.
    public init?(candidate: InstanceLoad, baseline: InstanceLoad) {
        guard candidate.instances > 0, baseline.instances > 0, baseline.requests > 0 else { return nil }
        served = candidate.requestsPerInstance / baseline.requestsPerInstance
        if let a = candidate.routingWeight, let b = baseline.routingWeight, a > 0, b > 0 { weights = a / b } else { weights = nil }
    }
}
