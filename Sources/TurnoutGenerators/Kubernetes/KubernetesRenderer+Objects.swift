import TurnoutManifest

extension KubernetesRenderer {
    /// The ClusterIP Service of one track of a web service: `<svc>` selects the stable Deployment's pods,
    /// `<svc>-canary` the canary Deployment's, for the canary Ingress.
    func service(_ service: Service, index: Int, app: String, track: Track) throws -> KubernetesViews.Service {
        guard let port = service.port else {
            throw GeneratorError(.missingValue, "a web service needs a port", at: "services[\(index)].port")
        }
        return .init(
            app: app,
            comment: track == .canary ? "The canary track of \(service.name) (the pods of Deployment \(service.name)-canary), for the canary Ingress."
                : "The stable track of \(service.name).",
            name: try track.objectName(service.name, at: "services[\(index)].name"),
            labels: labels(app: app, service: service.name),
            selector: labels(app: app, service: service.name, track: track.rawValue),
            port: try ValueChecks.port(port, at: "services[\(index)].port"))
    }

    /// The ConfigMap `<svc>-env`: plain variables, `PORT` for web services, and each used accessory's URL.
    func configMap(_ service: Service, index: Int, manifest: Manifest, app: String) throws -> KubernetesViews.ConfigMap {
        var data: [KubernetesViews.Entry] = []
        if service.role == .web, let port = service.port { data.append(.init(key: "PORT", value: quoted(String(port)))) }
        for (position, variable) in service.env.enumerated() {
            data.append(.init(key: try ValueChecks.environmentName(variable.name, at: "services[\(index)].env[\(position)].name"),
                              value: quoted(variable.value)))
        }
        for accessory in try ManifestFacts.accessories(of: service, index: index, in: manifest) {
            data.append(.init(key: try ValueChecks.environmentName(accessory.environmentName, at: "accessories.\(accessory.name)"),
                              value: quoted(ManifestFacts.networkURL(of: accessory))))
        }
        return .init(app: app, service: service.name, name: "\(service.name)-env",
                     labels: labels(app: app, service: service.name), data: data)
    }

    /// A PodDisruptionBudget over every track of the service.
    func disruptionBudget(_ name: String, manifest: Manifest, app: String) -> KubernetesViews.DisruptionBudget {
        .init(app: app, apiVersion: KubernetesAPIVersions(for: manifest.kubernetes.version).policy, name: name,
              labels: labels(app: app, service: name), selector: labels(app: app, service: name))
    }

    /// The ConfigMap `<app>-prometheus-adapter` with the adapter rule that serves `worker_queue_length` to the
    /// workers' autoscalers.
    func adapterRules(app: String) -> KubernetesViews.AdapterRules {
        .init(app: app, name: "\(app)-prometheus-adapter", labels: [.init(key: "app", value: quoted(app))])
    }

    /// The Ingress for all routes.
    func ingress(_ manifest: Manifest, routes: [Route], app: String) throws -> KubernetesViews.Ingress {
        .init(app: app, comment: "The load balancer's routes.", name: app, labels: [.init(key: "app", value: quoted(app))],
              annotations: [], hasAnnotations: false, host: try host(manifest),
              paths: routes.map { .init(path: quoted($0.path), backend: $0.service.name, port: $0.port) })
    }

    /// The canary Ingress of one web service: `paths` (its routes) to `<svc>-canary`, at the first step's
    /// weight; `nil` when no route leads to the service.
    func canaryIngress(
        _ service: Service, paths: [Route], canary: CanaryStrategy, manifest: Manifest, app: String
    ) throws -> KubernetesViews.Ingress? {
        guard !paths.isEmpty else { return nil }
        let weight = min(100, max(0, canary.steps.first?.weight ?? 0))
        return .init(
            app: app, comment: "Canary of \(service.name) at the first step's weight.",
            name: "\(service.name)-canary", labels: labels(app: app, service: service.name, track: "canary"),
            annotations: [.init(key: "nginx.ingress.kubernetes.io/canary", value: quoted("true")),
                          .init(key: "nginx.ingress.kubernetes.io/canary-weight", value: quoted(String(weight)))],
            hasAnnotations: true, host: try host(manifest),
            paths: paths.map { .init(path: quoted($0.path), backend: "\(service.name)-canary", port: $0.port) })
    }

    private func host(_ manifest: Manifest) throws -> [String] {
        let name = try ValueChecks.serverName(manifest.loadBalancer.serverName, at: "load_balancer.server_name")
        return name == "_" ? [] : [quoted(name.lowercased())]
    }

    /// One route: a validated path to a web service and its port.
    typealias Route = (path: String, service: Service, port: Int)

    /// Routes with validated paths; `/` to the only web service when the manifest lists none. Computed once
    /// per rendering: asked for per service, with a route per service, it made generation cubic.
    func routes(_ manifest: Manifest, web: [Service]) throws -> [Route] {
        var routes = manifest.loadBalancer.routes
        if routes.isEmpty {
            guard web.count == 1, let only = web.first else {
                throw GeneratorError(.missingValue, "several web services but no routes", at: "load_balancer.routes")
            }
            routes = [LoadBalancer.Route(path: "/", service: only.name)]
        }
        let byName = Dictionary(web.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return try routes.enumerated().map { index, route in
            let at = "load_balancer.routes[\(index)]"
            guard let service = byName[route.service], let port = service.port
            else {
                throw GeneratorError(.missingValue, "route to \(route.service), not a web service with a port",
                                     at: at + ".service")
            }
            return (try ValueChecks.httpPath(route.path, at: at + ".path"), service, port)
        }
    }
}
