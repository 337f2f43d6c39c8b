/// Where each web service's traffic goes, as the engine decided it: which revisions get which share, and
/// which healthy endpoints serve them with what weight. An endpoint router (nginx in front of processes,
/// containers or tasks) uses the endpoints; a router that routes by revision (a Kubernetes ingress) uses
/// the shares.
public struct RoutingTable: Sendable, Hashable {
    /// Routing by web service name.
    public var services: [String: ServiceRouting]

    /// Creates a table.
    public init(services: [String: ServiceRouting] = [:]) { self.services = services }
}

/// One web service's routing.
public struct ServiceRouting: Sendable, Hashable {
    /// Each revision's share of the live traffic, summing to 100 over the revisions listed (none: nothing is
    /// routed); a standby revision is reachable only through the preview listener.
    public var shares: [RevisionShare]
    /// The endpoints, healthy ones only, except that a revision none of whose routed instances is healthy
    /// keeps the ones it had (taking them out would make things worse).
    public var endpoints: [RoutedEndpoint]

    /// Creates a service's routing.
    public init(shares: [RevisionShare] = [], endpoints: [RoutedEndpoint] = []) {
        self.shares = shares
        self.endpoints = endpoints
    }
}

/// A revision's share of a service's traffic.
public struct RevisionShare: Sendable, Hashable {
    /// The revision number.
    public var revision: Int
    /// Percent of live requests, 0 to 100.
    public var percent: Int
    /// Live, or on standby behind the preview listener (blue-green's idle colour).
    public var role: RoutedEndpoint.Role

    /// Creates a share.
    public init(revision: Int, percent: Int, role: RoutedEndpoint.Role = .active) {
        self.revision = revision
        self.percent = percent
        self.role = role
    }
}

/// One endpoint of a service's routing.
public struct RoutedEndpoint: Sendable, Hashable {
    /// Whether it takes live traffic or stands by.
    public enum Role: String, Sendable, Hashable {
        /// Takes live traffic.
        case active
        /// Reachable only through the preview listener.
        case standby
    }

    /// The instance's identifier.
    public var instance: String
    /// Its revision number.
    public var revision: Int
    /// Where it serves.
    public var endpoint: Endpoint
    /// Its relative weight (1 and up): with nginx's `least_conn`, requests in flight are kept proportional to it.
    public var weight: Int
    /// Active or standby.
    public var role: Role

    /// Creates a routed endpoint.
    public init(instance: String, revision: Int, endpoint: Endpoint, weight: Int = 1, role: Role = .active) {
        self.instance = instance
        self.revision = revision
        self.endpoint = endpoint
        self.weight = weight
        self.role = role
    }
}
