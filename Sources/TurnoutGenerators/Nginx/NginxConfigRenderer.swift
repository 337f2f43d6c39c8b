import TurnoutManifest

/// Renders a complete `nginx.conf` for the load balancer in front of the manifest's web services.
///
/// Each web service gets an `upstream` named after it holding its active servers, with the manifest's
/// balancing algorithm, passive-health limits and upstream keep-alive. Blue-green's idle colour goes into a
/// separate upstream, `<service>_standby` (not `backup` servers: `backup` is refused by the `ip_hash` and
/// `random` methods, and a backup would silently take live traffic when the active colour fails, which is
/// exactly the traffic a switch must decide about). The standby upstream is reachable only through a second
/// `server` on the blue-green preview address; switching colours is rendering a new plan and reloading.
/// Canary weights are `weight=` parameters on the active servers (see ``TrafficPlan/canarySplit``).
///
/// All paths are relative to the `-p PREFIX` nginx is started with, so it runs as an unprivileged user.
public struct NginxConfigRenderer: Sendable {
    /// Where the nginx that loads the file runs.
    public enum Flavor: Sendable, Hashable {
        /// On the host, started by Turnout with `-p STATE_DIR`: listens where the manifest says, logs to files
        /// under the prefix (the access log feeds the rollout analysis).
        case local
        /// In a container: listens on the manifest's port on all interfaces (a container must not bind
        /// loopback), logs to stdout and stderr.
        case container
    }

    /// The template rendered.
    public static let templateName = "nginx/nginx.conf.mustache"

    /// The templates to use.
    public var templates: TemplateSet
    /// Host or container.
    public var flavor: Flavor

    /// Where the live server block listens instead of the manifest's `load_balancer.listen`: the local
    /// runtime's router tier listens on a private loopback port behind the edge (see ``EdgeConfigRenderer``).
    public var liveListen: String?

    /// Creates a renderer.
    public init(templates: TemplateSet = .embedded, flavor: Flavor = .local, liveListen: String? = nil) {
        self.templates = templates
        self.flavor = flavor
        self.liveListen = liveListen
    }

    /// Renders the configuration for `manifest`, with the servers of `plan` (derived from the manifest for
    /// web services the plan does not name).
    public func render(_ manifest: Manifest, plan: TrafficPlan? = nil) throws -> String {
        try templates.render(Self.templateName, view(manifest, plan: plan))
    }

    func view(_ manifest: Manifest, plan: TrafficPlan?) throws -> NginxConfigView {
        let balancer = manifest.loadBalancer
        let derived = try TrafficPlan.derived(from: manifest, runtime: flavor == .local ? .local : .docker)
        var upstreams: [NginxConfigView.Upstream] = []
        var standbyServices: Set<String> = []
        for (index, service) in manifest.services.enumerated() where service.role == .web {
            let name = try ValueChecks.label(service.name, at: "services[\(index)].name")
            let servers = plan?.servers[name] ?? derived.servers[name] ?? []
            let active = servers.filter { $0.role == .active }
            let standby = servers.filter { $0.role == .standby }
            guard !active.isEmpty else {
                throw GeneratorError(.missingValue, "no active server for web service \(name)",
                                     at: "services[\(index)]", hint: "an nginx upstream needs at least one server")
            }
            upstreams.append(try upstream(name, service: name, servers: active, balancer: balancer, standby: false))
            if !standby.isEmpty {
                standbyServices.insert(name)
                upstreams.append(try upstream(name + "_standby", service: name, servers: standby, balancer: balancer,
                                              standby: true))
            }
        }
        let routes = try self.routes(manifest)
        var blocks = [NginxConfigView.ServerBlock(
            comment: "Live traffic.",
            listen: try liveListen.map { try ValueChecks.listenAddress($0, at: "router address") } ?? listen(balancer.listen, at: "load_balancer.listen"),
            serverName: try ValueChecks.serverName(balancer.serverName, at: "load_balancer.server_name"),
            locations: routes.map { .init(path: $0.path, upstream: $0.service, service: $0.service) })]
        if case .blueGreen(let blueGreen) = manifest.strategy, let preview = blueGreen.previewListen,
           !standbyServices.isEmpty {
            blocks.append(.init(
                comment: "Blue-green preview: the standby colour, for checks before the switch.",
                listen: try listen(preview, at: "strategy.preview_listen"), serverName: "_",
                locations: routes.map {
                    .init(path: $0.path, upstream: standbyServices.contains($0.service) ? $0.service + "_standby"
                          : $0.service, service: $0.service)
                }))
        }
        let local = flavor == .local
        return NginxConfigView(
            app: try ValueChecks.label(manifest.app, at: "app"), pid: "nginx.pid",
            errorLog: local ? "error.log" : "stderr", accessLog: local ? "access.log" : "/dev/stdout",
            clientMaxBodySize: balancer.clientMaxBodySize.nginxText,
            connectTimeout: balancer.connectTimeout.simpleText, sendTimeout: balancer.sendTimeout.simpleText,
            readTimeout: balancer.readTimeout.simpleText, retryTries: max(1, balancer.retryTries),
            retryTimeout: balancer.retryTimeout.simpleText, upstreams: upstreams, servers: blocks,
            generation: plan?.generation.map(String.init))
    }

    private func upstream(
        _ name: String, service: String, servers: [TrafficPlan.Server], balancer: LoadBalancer, standby: Bool
    ) throws -> NginxConfigView.Upstream {
        let algorithm: [String]
        switch balancer.algorithm {
        case .leastConn: algorithm = ["least_conn"]
        case .roundRobin: algorithm = []
        case .ipHash: algorithm = ["ip_hash"]
        case .random: algorithm = ["random two least_conn"]
        }
        let lines = try servers.enumerated().map { index, server -> NginxConfigView.ServerLine in
            let location = "traffic plan \(service)[\(index)]"
            let host = try ValueChecks.upstreamHost(server.host, at: location)
            let port = try ValueChecks.port(server.port, at: location)
            guard server.weight >= 1 else {
                throw GeneratorError(.unsafeValue, "weight \(server.weight) is below 1", at: location)
            }
            var parameters = server.weight == 1 ? "" : " weight=\(server.weight)"
            parameters += " max_fails=\(max(0, balancer.maxFails)) fail_timeout=\(balancer.failTimeout.simpleText)"
            if server.down { parameters += " down" }
            return .init(address: "\(host):\(port)", parameters: parameters)
        }
        return .init(name: name, service: service, isStandby: standby, algorithm: algorithm, servers: lines,
                     keepalive: max(1, balancer.keepalive), keepaliveRequests: max(1, balancer.keepaliveRequests),
                     keepaliveTimeout: balancer.keepaliveTimeout.simpleText)
    }

    /// Routes with validated, quoted paths; `/` to the only web service when the manifest lists none.
    private func routes(_ manifest: Manifest) throws -> [(path: String, service: String)] {
        let web = manifest.webServices
        var routes = manifest.loadBalancer.routes
        if routes.isEmpty {
            guard web.count <= 1 else {
                throw GeneratorError(.missingValue, "several web services but no routes", at: "load_balancer.routes",
                                     hint: "say which path prefix goes to which service")
            }
            routes = web.map { LoadBalancer.Route(path: "/", service: $0.name) }
        }
        var seen: Set<String> = []
        let webNames = Set(web.map(\.name))
        return try routes.enumerated().map { index, route in
            let location = "load_balancer.routes[\(index)]"
            guard seen.insert(route.path).inserted else {
                throw GeneratorError(.unsafeValue, "the path \(route.path) is routed twice", at: location + ".path",
                                     hint: "nginx refuses duplicate locations")
            }
            guard webNames.contains(route.service) else {
                throw GeneratorError(.missingValue, "route to \(route.service), which is not a web service",
                                     at: location + ".service")
            }
            let path = try ValueChecks.httpPath(route.path, at: location + ".path")
            return (try NginxEscaping.quoted(path, at: location + ".path"), route.service)
        }
    }

    private func listen(_ address: String, at location: String) throws -> String {
        let checked = try ValueChecks.listenAddress(address, at: location)
        guard flavor == .container else { return checked }
        guard let port = checked.split(separator: ":").last else { return checked }
        return String(port)
    }
}
