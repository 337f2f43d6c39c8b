/// The nginx load balancer in front of the web services.
public struct LoadBalancer: Sendable, Hashable {
    /// How nginx picks an upstream server.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// Fewest active connections (the scaling guide's choice and the default).
        case leastConn = "least_conn"
        /// Weighted round robin.
        case roundRobin = "round_robin"
        /// Sticky by client address.
        case ipHash = "ip_hash"
        /// Random with two choices.
        case random
    }

    /// A path prefix routed to a web service.
    public struct Route: Sendable, Hashable {
        /// The location prefix, starting with `/`.
        public var path: String
        /// The web service that serves it.
        public var service: String

        /// Creates a route.
        public init(path: String, service: String) {
            self.path = path
            self.service = service
        }
    }

    /// Address and port nginx listens on, e.g. `127.0.0.1:8080` or `80`.
    public var listen: String
    /// The `server_name` (`_` for any).
    public var serverName: String
    /// Upstream selection.
    public var algorithm: Algorithm
    /// Idle keep-alive connections nginx keeps to each upstream group.
    public var keepalive: Int
    /// Requests served over one upstream keep-alive connection before it is closed.
    public var keepaliveRequests: Int
    /// How long an idle upstream keep-alive connection stays open.
    public var keepaliveTimeout: TimeSpan
    /// Timeout to connect to an upstream.
    public var connectTimeout: TimeSpan
    /// Timeout between two writes to an upstream.
    public var sendTimeout: TimeSpan
    /// Timeout between two reads from an upstream.
    public var readTimeout: TimeSpan
    /// Failures within `failTimeout` that take a server out of rotation for `failTimeout` (passive health).
    public var maxFails: Int
    /// The passive-health window and ejection time.
    public var failTimeout: TimeSpan
    /// Attempts per idempotent request across servers (`proxy_next_upstream_tries`).
    public var retryTries: Int
    /// Time budget for those attempts (`proxy_next_upstream_timeout`).
    public var retryTimeout: TimeSpan
    /// Largest request body accepted.
    public var clientMaxBodySize: ByteSize
    /// Path routes; when empty, `/` goes to the only web service.
    public var routes: [Route]

    /// Creates load-balancer settings with the reference's defaults.
    public init(
        listen: String = "127.0.0.1:8080", serverName: String = "_", algorithm: Algorithm = .leastConn,
        keepalive: Int = 64, keepaliveRequests: Int = 10_000, keepaliveTimeout: TimeSpan = .seconds(60),
        connectTimeout: TimeSpan = .seconds(2), sendTimeout: TimeSpan = .seconds(30),
        readTimeout: TimeSpan = .seconds(30), maxFails: Int = 3, failTimeout: TimeSpan = .seconds(10),
        retryTries: Int = 3, retryTimeout: TimeSpan = .seconds(10),
        clientMaxBodySize: ByteSize = ByteSize(bytes: 1 << 20), routes: [Route] = []
    ) {
        self.listen = listen
        self.serverName = serverName
        self.algorithm = algorithm
        self.keepalive = keepalive
        self.keepaliveRequests = keepaliveRequests
        self.keepaliveTimeout = keepaliveTimeout
        self.connectTimeout = connectTimeout
        self.sendTimeout = sendTimeout
        self.readTimeout = readTimeout
        self.maxFails = maxFails
        self.failTimeout = failTimeout
        self.retryTries = retryTries
        self.retryTimeout = retryTimeout
        self.clientMaxBodySize = clientMaxBodySize
        self.routes = routes
    }

    /// The port part of `listen`.
    public var listenPort: Int? {
        let port = listen.split(separator: ":").last.map(String.init) ?? listen
        return Int(port)
    }
}
