import TurnoutManifest

/// Renders the local runtime's edge nginx: it listens where the manifest's load balancer listens and forwards
/// everything to the router nginx on a private loopback port, so that moving traffic (a router reload) never closes
/// a client's keep-alive connection.
public struct EdgeConfigRenderer: Sendable {
    /// The template's name in ``TemplateSet``.
    public static let templateName = "nginx/edge.conf.mustache"

    /// Where templates come from.
    public var templates: TemplateSet

    /// Creates a renderer.
    public init(templates: TemplateSet = .embedded) { self.templates = templates }

    struct View {
        let app: String
        let listen: String
        let serverName: String
        let router: String
        let keepalive: Int
        let clientMaxBodySize: String
        let connectTimeout: String
        let sendTimeout: String
        let readTimeout: String
    }

    /// The edge configuration for `manifest`, forwarding to the router listening on `routerAddress`
    /// (`127.0.0.1:PORT`).
    public func render(_ manifest: Manifest, routerAddress: String) throws -> String {
        let balancer = manifest.loadBalancer
        let view = View(
            app: try ValueChecks.label(manifest.app, at: "app"),
            listen: try ValueChecks.listenAddress(balancer.listen, at: "load_balancer.listen"),
            serverName: try ValueChecks.serverName(balancer.serverName, at: "load_balancer.server_name"),
            router: try ValueChecks.listenAddress(routerAddress, at: "router address"), keepalive: max(16, balancer.keepalive * 2),
            clientMaxBodySize: balancer.clientMaxBodySize.nginxText, connectTimeout: balancer.connectTimeout.simpleText,
            sendTimeout: balancer.sendTimeout.simpleText,
            // The router may itself retry across servers within its own timeout; give it that long.
            readTimeout: TimeSpan(milliseconds: balancer.readTimeout.milliseconds + balancer.retryTimeout.milliseconds).simpleText)
        return try templates.render(Self.templateName, view)
    }
}
