/// What `templates/nginx/nginx.conf.mustache` is filled with: every value already validated or escaped.
struct NginxConfigView {
    struct ServerLine {
        /// `host:port`.
        let address: String
        /// ` weight=3 max_fails=3 fail_timeout=10s` (leading space), ` down` when drained.
        let parameters: String
    }

    struct Upstream {
        let name: String
        let service: String
        let isStandby: Bool
        /// The balancing directive (`least_conn`), or none for round robin.
        let algorithm: [String]
        let servers: [ServerLine]
        let keepalive: Int
        let keepaliveRequests: Int
        let keepaliveTimeout: String
    }

    struct Location {
        /// The prefix, as a quoted nginx string.
        let path: String
        let upstream: String
        let service: String
    }

    struct ServerBlock {
        let comment: String
        let listen: String
        let serverName: String
        let locations: [Location]
    }

    let app: String
    let pid: String
    let errorLog: String
    let accessLog: String
    let clientMaxBodySize: String
    let connectTimeout: String
    let sendTimeout: String
    let readTimeout: String
    let retryTries: Int
    let retryTimeout: String
    let upstreams: [Upstream]
    let servers: [ServerBlock]
    /// The traffic plan's generation, answered by `/turnout-lb-health` so that the router can tell when a
    /// reload is being served (nil for `turnout generate`).
    let generation: String?
}
