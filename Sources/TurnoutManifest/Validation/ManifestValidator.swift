/// Cross-field rules that no single key can check: references between sections, replica bounds, clashing
/// ports, and what each role requires.
struct ManifestValidator {
    let collector: IssueCollector

    func validate(_ manifest: Manifest) {
        let services = ManifestKeyPath.root.appending("services")
        if manifest.webServices.isEmpty {
            collector.add(.missingKey, path: services, "no service has role: web; the load balancer needs one to send traffic to")
        }
        for service in manifest.services {
            validate(service, in: manifest, path: services.appending(service.name))
        }
        validateRoutes(manifest)
        validatePorts(manifest)
    }

    private func validate(_ service: Service, in manifest: Manifest, path: ManifestKeyPath) {
        switch service.role {
        case .web:
            if service.health == nil, !collector.wasRead(path.appending("health")) {
                collector.add(.webWithoutHealthCheck, path: path.appending("role"),
                              "web service '\(service.name)' has no health check: Turnout could not tell when a new instance may take traffic",
                              hint: "add health: {path: /api/v1/ready}")
            }
            if service.port == nil, !collector.wasRead(path.appending("port")) {
                collector.add(.missingKey, path: path.appending("role"), "web service '\(service.name)' needs a port",
                              hint: "add port: 8000 (the port the service listens on)")
            }
            if !service.queues.isEmpty {
                collector.add(.invalidValue, path: path.appending("queues"), "queues apply to worker services only")
            }
        case .worker:
            if service.queues.isEmpty {
                collector.add(.workerWithoutQueue, path: path.appending("role"),
                              "worker service '\(service.name)' consumes no queue",
                              hint: "add queues: [email] (the queue names this worker takes jobs from)")
            }
        }
        // A key that was present but invalid is already reported; do not report it missing as well.
        if manifest.runtime == .local, service.command.isEmpty, !collector.wasRead(path.appending("command")) {
            collector.add(.missingKey, path: path.appending("role"), "the local runtime runs commands: service '\(service.name)' has no command",
                          hint: "add command: [\"executable\", \"--flag\", \"${PORT}\"]")
        }
        if manifest.runtime != .local, service.image == nil, !collector.wasRead(path.appending("image")) {
            collector.add(.missingKey, path: path.appending("role"), "the \(manifest.runtime.rawValue) runtime runs images: service '\(service.name)' has no image",
                          hint: "add image: NAME:TAG (`turnout build MANIFEST` builds the bundled ones)")
        }
        if manifest.runtime == .docker, let health = service.health {
            switch health.probe {
            case .tcp:
                collector.add(.invalidValue, path: path.appending("health").appending("type"),
                              "a tcp health check cannot tell when a container is ready: Docker accepts connections on a published port before the application listens",
                              hint: "use type: http with the service's readiness path")
            case .command:
                collector.add(.invalidValue, path: path.appending("health").appending("type"),
                              "a command health check runs on the host, not in the container, on the docker runtime",
                              hint: "use type: http with the service's readiness path")
            case .http:
                break
            }
        }
        if let scaling = service.autoscaling {
            if scaling.minReplicas > scaling.maxReplicas {
                collector.add(.replicaBounds, path: path.appending("autoscaling").appending("min"),
                              "autoscaling min (\(scaling.minReplicas)) is above max (\(scaling.maxReplicas))",
                              hint: "min must be at most max")
            }
            if scaling.minReplicas <= scaling.maxReplicas, !(scaling.minReplicas...scaling.maxReplicas).contains(service.replicas) {
                collector.add(.replicaBounds, path: path.appending("replicas"),
                              "replicas (\(service.replicas)) is outside autoscaling's \(scaling.minReplicas)...\(scaling.maxReplicas)",
                              severity: .warning)
            }
            if scaling.cpu == nil, scaling.memory == nil, scaling.queueLength == nil {
                collector.add(.missingKey, path: path.appending("autoscaling"), "autoscaling has no target: set cpu, memory or queue_length")
            }
        }
        if let limit = service.resources.memoryLimit, let request = service.resources.memoryRequest, request > limit {
            collector.add(.invalidValue, path: path.appending("resources").appending("requests").appending("memory"),
                          "memory request \(request) is above the limit \(limit)")
        }
        if let limit = service.resources.cpuLimit, let request = service.resources.cpuRequest, request > limit {
            collector.add(.invalidValue, path: path.appending("resources").appending("requests").appending("cpu"),
                          "CPU request \(request) is above the limit \(limit)")
        }
        for (index, name) in service.uses.enumerated() where manifest.accessory(named: name) == nil {
            let suggestion = DidYouMean.suggestion(for: name, among: manifest.accessories.map(\.name))
            collector.add(.unknownReference, path: path.appending("uses").appending(index: index),
                          "no accessory named '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                          hint: "accessories: \(manifest.accessories.map(\.name).joined(separator: ", "))")
        }
        for name in Self.repeated(service.env.map(\.name) + service.secrets.map(\.name)) {
            collector.add(.conflictingKeys, path: path.appending("secrets").appending(name), "'\(name)' is set both in env and in secrets")
        }
    }

    private func validateRoutes(_ manifest: Manifest) {
        let routes = ManifestKeyPath.root.appending("load_balancer").appending("routes")
        // One lookup table, not a search per route: with a route per web service, searching made validation
        // grow with the square of the manifest.
        let services = Dictionary(manifest.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, route) in manifest.loadBalancer.routes.enumerated() {
            guard let service = services[route.service] else {
                let suggestion = DidYouMean.suggestion(for: route.service, among: manifest.webServices.map(\.name))
                collector.add(.unknownReference, path: routes.appending(index: index).appending("service"),
                              "no service named '\(route.service)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
                continue
            }
            if service.role != .web {
                collector.add(.invalidValue, path: routes.appending(index: index).appending("service"),
                              "'\(route.service)' is a worker; routes send HTTP traffic to web services only")
            }
        }
        for path in Self.repeated(manifest.loadBalancer.routes.map(\.path)) {
            collector.add(.conflictingKeys, path: routes, "the path '\(path)' is routed more than once")
        }
        if manifest.loadBalancer.routes.isEmpty, manifest.webServices.count > 1 {
            collector.add(.missingKey, path: ManifestKeyPath.root.appending("load_balancer"),
                          "there are \(manifest.webServices.count) web services but no routes: say which paths go to which",
                          hint: "add load_balancer.routes: [{path: /, service: \(manifest.webServices[0].name)}, ...]")
        }
    }

    /// The values that occur more than once, each once, in the order of their second occurrence.
    static func repeated(_ values: [String]) -> [String] {
        var counts: [String: Int] = [:]
        var result: [String] = []
        for value in values {
            counts[value, default: 0] += 1
            if counts[value] == 2 { result.append(value) }
        }
        return result
    }

    /// Host ports must not clash: the load balancer, the blue-green preview and managed accessories all listen
    /// on this host. (A service's `port` is its port inside a container; the local runtime gives each instance
    /// its own port, so services never clash with each other.)
    private func validatePorts(_ manifest: Manifest) {
        var owners: [Int: String] = [:]
        var claims: [(Int, String, ManifestKeyPath)] = []
        if let port = manifest.loadBalancer.listenPort {
            claims.append((port, "the load balancer", ManifestKeyPath.root.appending("load_balancer").appending("listen")))
        }
        for accessory in manifest.accessories where accessory.managed {
            claims.append((accessory.port, "accessory '\(accessory.name)'",
                           ManifestKeyPath.root.appending("accessories").appending(accessory.name).appending("port")))
        }
        if case .blueGreen(let blueGreen) = manifest.strategy, let preview = blueGreen.previewListen,
           let port = Int(preview.split(separator: ":").last ?? "") {
            claims.append((port, "the blue-green preview", ManifestKeyPath.root.appending("strategy").appending("preview")))
        }
        for (port, owner, path) in claims {
            if let first = owners[port] {
                collector.add(.portClash, path: path, "port \(port) of \(owner) is already used by \(first)",
                              hint: "give each listener its own port")
            } else {
                owners[port] = owner
            }
        }
    }
}
