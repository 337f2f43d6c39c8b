import TurnoutRuntime
import TurnoutStrategies

/// Turns a strategy's routing for one service into the routing a platform's router applies: each revision's
/// share, and the endpoints that serve it with their weights, from the instances' health.
///
/// Only healthy instances receive traffic. When none of the routed instances of a revision is healthy, the
/// ones routed before stay (taking them out would make things worse, and the router's passive health still
/// skips dead ones); traffic is never moved onto them by this fallback because the strategies never route to
/// a revision without a healthy instance.
enum TrafficPlanner {
    /// The service's routing under `routing` with `instances`.
    static func routing(for routing: TrafficState, instances: [FleetInstance]) -> ServiceRouting {
        let endpoints = routed(routing, instances: instances).compactMap { routed in
            routed.instance.record.endpoint.map {
                RoutedEndpoint(instance: routed.instance.record.id, revision: routed.instance.record.revision, endpoint: $0, weight: routed.weight,
                               role: routed.role)
            }
        }.sorted { ($0.role.rawValue, $0.endpoint.host, $0.endpoint.port) < ($1.role.rawValue, $1.endpoint.host, $1.endpoint.port) }
        return ServiceRouting(shares: shares(routing, instances: instances), endpoints: endpoints)
    }

    /// Each revision's share of the traffic `routing` gives (an upstream set: each revision's share of the
    /// routed instances; blue-green's idle colour on standby).
    static func shares(_ routing: TrafficState, instances: [FleetInstance]) -> [RevisionShare] {
        switch routing {
        case .none:
            return []
        case .weights(let weights):
            return weights.compactMap { weight in RevisionNaming.number(weight.revision).map { RevisionShare(revision: $0, percent: weight.percent) } }
        case .active(let revision):
            let standby = Set(instances.filter { $0.state == .healthy && $0.instance.revision != revision }.map(\.record.revision))
            return (RevisionNaming.number(revision).map { [RevisionShare(revision: $0, percent: 100)] } ?? [])
                + standby.sorted().map { RevisionShare(revision: $0, percent: 0, role: .standby) }
        case .upstream:
            let views = instances.map(\.instance)
            let revisions = Set(instances.filter { routing.routes(to: $0.instance) }.map(\.record.revision))
            return revisions.sorted().map { RevisionShare(revision: $0, percent: routing.percent(of: RevisionNaming.id($0), instances: views)) }
        }
    }

    /// The weight of each instance that takes live traffic under `routing` (instance id -> weight), as
    /// ``routing(for:instances:)`` gives them to the router: the analysis compares loads with it.
    static func weights(for routing: TrafficState, instances: [FleetInstance]) -> [String: Int] {
        routed(routing, instances: instances).filter { $0.role == .active }.reduce(into: [:]) { $0[$1.instance.record.id] = $1.weight }
    }

    /// The instances `routing` sends traffic to (or keeps on standby), with their weights.
    private static func routed(_ routing: TrafficState, instances: [FleetInstance]) -> [(instance: FleetInstance, weight: Int, role: RoutedEndpoint.Role)] {
        let live = instances.filter { $0.state.isLive && $0.record.endpoint != nil }
        func preferHealthy(_ candidates: [FleetInstance]) -> [FleetInstance] {
            let healthy = candidates.filter { $0.state == .healthy }
            return healthy.isEmpty ? candidates : healthy
        }
        switch routing {
        case .none:
            return []
        case .upstream(let members):
            return preferHealthy(live.filter { members.contains(InstanceID($0.record.id)) }).map { ($0, 1, .active) }
        case .active(let revision):
            let active = preferHealthy(live.filter { $0.instance.revision == revision })
            let standby = live.filter { $0.instance.revision != revision && $0.state == .healthy }
            return active.map { ($0, 1, .active) } + standby.map { ($0, 1, .standby) }
        case .weights(let weights):
            let groups = weights.filter { $0.percent > 0 }.map { weight in
                (weight.percent, preferHealthy(live.filter { $0.instance.revision == weight.revision }))
            }.filter { !$0.1.isEmpty }
            return weighted(groups).flatMap { weight, members in members.map { ($0, weight, .active) } }
        }
    }

    /// Per-server integer weights so that each group's share of traffic is its percent: a server of a group
    /// with percent p and n members gets p * L / n where L is the least common multiple of the group sizes,
    /// reduced by the greatest common divisor.
    static func weighted(_ groups: [(Int, [FleetInstance])]) -> [(Int, [FleetInstance])] {
        guard !groups.isEmpty else { return [] }
        let lcm = groups.map { $0.1.count }.reduce(1) { $0 / gcd($0, $1) * $1 }
        var weights = groups.map { $0.0 * lcm / $0.1.count }
        let divisor = weights.reduce(0) { gcd($0, $1) }
        if divisor > 1 { weights = weights.map { $0 / divisor } }
        return zip(weights, groups.map(\.1)).map { ($0, $1) }
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// `r2=10% r1=90%`, `upstream api-r2-1,api-r1-2`, `active r2`, or `none`.
    static func summary(_ routing: TrafficState) -> String {
        switch routing {
        case .none: return "none"
        case .upstream(let members): return "upstream " + members.map(\.rawValue).sorted().joined(separator: ",")
        case .active(let revision): return "all to \(revision)"
        case .weights(let weights): return weights.map { "\($0.revision)=\($0.percent)%" }.joined(separator: " ")
        }
    }
}
