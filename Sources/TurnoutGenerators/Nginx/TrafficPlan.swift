/// The concrete upstream servers nginx sends each web service's traffic to: what the traffic router knows
/// about running instances, or, for `turnout generate` with nothing running, what the manifest implies
/// (``TrafficPlan/derived(from:runtime:)``).
public struct TrafficPlan: Sendable, Hashable {
    /// One upstream server.
    public struct Server: Sendable, Hashable {
        /// Whether the server takes live traffic or stands by.
        public enum Role: String, Sendable, Hashable {
            /// In the service's main upstream.
            case active
            /// In the service's `<name>_standby` upstream: the idle colour of a blue-green deploy, reachable only
            /// through the preview listener.
            case standby
        }

        /// An IPv4 address, a bracketed IPv6 address, or a hostname.
        public var host: String
        /// The port.
        public var port: Int
        /// nginx's relative weight (1 and up); with `least_conn`, nginx weighs connection counts by it.
        public var weight: Int
        /// Active or standby.
        public var role: Role
        /// Kept in the upstream but sent no traffic (`down`), e.g. a canary at 0 %.
        public var down: Bool

        /// Creates a server.
        public init(host: String, port: Int, weight: Int = 1, role: Role = .active, down: Bool = false) {
            self.host = host
            self.port = port
            self.weight = weight
            self.role = role
            self.down = down
        }
    }

    /// Servers by web service name. A web service missing here gets the derived servers.
    public var servers: [String: [Server]]

    /// A number the router increases with every plan it applies; nginx answers it at `/turnout-lb-health`
    /// so that the router knows when the reloaded configuration is the one being served.
    public var generation: Int?

    /// Creates a plan.
    public init(servers: [String: [Server]], generation: Int? = nil) {
        self.servers = servers
        self.generation = generation
    }

    /// Weights for a canary split: `canaryPercent` % of requests to the `canary` servers, the rest to the
    /// `stable` ones, spread evenly within each group.
    ///
    /// Each stable server gets weight `(100 - p) * canaryCount` and each canary server `p * stableCount`,
    /// divided by their greatest common divisor, so the groups' shares are exact. At 0 % the canary servers
    /// are marked `down` (nginx weights start at 1); at 100 % the stable ones are.
    public static func canarySplit(stable: [Server], canary: [Server], canaryPercent: Int) -> [Server] {
        let percent = min(100, max(0, canaryPercent))
        guard !stable.isEmpty, !canary.isEmpty else { return stable + canary }
        var stableWeight = (100 - percent) * canary.count
        var canaryWeight = percent * stable.count
        let divisor = gcd(max(stableWeight, 1), max(canaryWeight, 1))
        stableWeight = max(1, stableWeight / divisor)
        canaryWeight = max(1, canaryWeight / divisor)
        if percent == 0 || percent == 100 { (stableWeight, canaryWeight) = (1, 1) }
        let weightedStable = stable.map {
            Server(host: $0.host, port: $0.port, weight: stableWeight, role: .active, down: percent == 100)
        }
        let weightedCanary = canary.map {
            Server(host: $0.host, port: $0.port, weight: canaryWeight, role: .active, down: percent == 0)
        }
        return weightedStable + weightedCanary
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
