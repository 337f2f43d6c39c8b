import Yams

/// Turns a composed YAML document into a `Manifest`, collecting every issue on the way.
struct ManifestReader {
    let collector: IssueCollector
    /// Resolves `strategy: NAME` to a strategy file.
    let strategyResolver: StrategyResolver
    /// A strategy name used instead of the manifest's own.
    var strategyOverride: String? = nil

    /// The top-level keys, in the order the reference documents them.
    static let topLevelKeys = [
        "app", "runtime", "services", "load_balancer", "accessories", "slo", "prometheus", "kubernetes", "swarm", "strategy",
    ]

    /// Reads the document; returns `nil` when the services are unusable (issues say why). The value may hold
    /// placeholders where other parts were invalid: callers check the collector for errors before using it.
    func read(_ root: Node) -> Manifest? {
        guard let top = MappingReader(root, path: .root, collector: collector, what: "a manifest (a mapping with app, services, ...)") else {
            return nil
        }
        let app = readAppName(top)
        let runtime = top.choice("runtime", RuntimeKind.allCases.map { ($0.rawValue, $0) }) ?? .local
        let accessories = readAccessories(top)
        let services = readServices(top)
        let loadBalancer = top.nestedMapping("load_balancer").map(readLoadBalancer) ?? LoadBalancer()
        let slo = top.nestedMapping("slo").map(readSLO) ?? SLO()
        let prometheus = top.nestedMapping("prometheus", what: "a mapping with url or managed: true").flatMap {
            PrometheusReader(reader: $0, runtime: runtime).read()
        }
        let kubernetes = top.nestedMapping("kubernetes", what: "a mapping such as {version: \"1.30\"}")
            .map { KubernetesReader(reader: $0).read() } ?? KubernetesSettings()
        let swarm = top.nestedMapping("swarm", what: "a mapping with the manager's engine address").flatMap { SwarmReader(reader: $0).read() }
        if runtime == .swarm, !top.has("swarm") {
            top.missing("swarm", "the Swarm to run on: swarm: {manager: unix:///var/run/docker.sock}")
        }
        let (strategy, source) = readStrategy(top)
        top.finish()
        // Cross-field rules still run when the name or strategy is invalid (their issues are already
        // recorded, so the placeholder values below never reach a caller).
        guard let services else { return nil }
        return Manifest(
            app: app ?? "invalid", runtime: runtime, services: services, loadBalancer: loadBalancer, accessories: accessories,
            slo: slo, strategy: strategy ?? .rolling(RollingStrategy()), strategySource: source, prometheus: prometheus,
            kubernetes: kubernetes, swarm: swarm)
    }

    private func readAppName(_ top: MappingReader) -> String? {
        guard let app = top.string("app", required: "the application's name, such as 'blog'") else { return nil }
        guard NameRules.isLabel(app) else {
            top.problem(.invalidName, "app", "'\(Node.clipped(app))' is not a valid name: use 1-63 lowercase letters, digits and '-', starting with a letter",
                        hint: "the name becomes part of Kubernetes object names and hostnames")
            return nil
        }
        return app
    }

    private func readServices(_ top: MappingReader) -> [Service]? {
        guard let mapping = top.nestedMapping("services", what: "a mapping of service names to their settings") else {
            if !top.has("services") {
                top.missing("services", "a mapping of service names to their settings (at least one web service)")
            }
            return nil
        }
        var services: [Service] = []
        for entry in mapping.entries {
            guard let reader = mapping.nestedMapping(entry.key, what: "the service's settings (role, command, ...)") else { continue }
            if !NameRules.isLabel(entry.key) {
                mapping.collector.add(
                    .invalidName, at: entry.keyMark, in: entry.file, path: mapping.path.appending(entry.key),
                    "service name '\(Node.clipped(entry.key))' is not valid: use 1-63 lowercase letters, digits and '-', starting with a letter")
            }
            if let service = ServiceReader(reader: reader, name: entry.key).read() { services.append(service) }
        }
        if mapping.entries.isEmpty {
            top.problem(.missingKey, "services", "no services are defined: add at least one web service")
        }
        return services
    }

    private func readAccessories(_ top: MappingReader) -> [Accessory] {
        guard let mapping = top.nestedMapping("accessories", what: "a mapping of accessory names to their settings") else { return [] }
        var accessories: [Accessory] = []
        for entry in mapping.entries {
            guard let reader = mapping.nestedMapping(entry.key) else { continue }
            if !NameRules.isLabel(entry.key) {
                mapping.collector.add(
                    .invalidName, at: entry.keyMark, in: entry.file, path: mapping.path.appending(entry.key),
                    "accessory name '\(Node.clipped(entry.key))' is not valid: use 1-63 lowercase letters, digits and '-', starting with a letter")
            }
            if let accessory = AccessoryReader(reader: reader, name: entry.key).read() { accessories.append(accessory) }
        }
        return accessories
    }

    private func readStrategy(_ top: MappingReader) -> (Strategy?, String) {
        if let name = strategyOverride {
            _ = top.value("strategy")
            return strategyResolver.resolve(node: Node(name), in: top)
        }
        guard let node = top.value("strategy") else {
            top.missing("strategy", "a strategy file name (rolling, blue-green, canary) or an inline strategy",
                        hint: "for example: strategy: rolling")
            return (nil, "")
        }
        return strategyResolver.resolve(node: node, in: top)
    }
}
