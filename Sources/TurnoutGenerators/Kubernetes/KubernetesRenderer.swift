import TurnoutManifest

/// Renders Kubernetes objects for the manifest's services, one object per file under `kubernetes/`, with the
/// API versions and fields of the manifest's target version (`kubernetes.version`, see
/// ``KubernetesAPIVersions``):
///
/// - every service: `<svc>-deployment.yaml`, `<svc>-configmap.yaml`, `<svc>-pdb.yaml`, and
///   `<svc>-hpa.yaml` when it autoscales (web services always do: min 2, max 10, CPU 70 % unless the manifest
///   says otherwise);
/// - web services: `<svc>-service.yaml` (ClusterIP), and with a canary strategy the canary track:
///   `<svc>-canary-deployment.yaml` (0 replicas until a canary deploy), `<svc>-canary-service.yaml` selecting
///   its pods, `<svc>-canary-hpa.yaml` scaling it on its own, and `<svc>-canary-ingress.yaml` (nginx-ingress
///   canary at the first step's weight);
/// - `ingress.yaml` routing the load balancer's routes;
/// - `prometheus-adapter-configmap.yaml` when a worker scales on queue length: the prometheus-adapter rule that
///   serves the workers' `worker_queue_length` as the External metric their autoscalers read.
///
/// Pods carry the labels `app`, `service`, `track` (`stable` or `canary`) and `revision` (the image tag).
/// Selectors use `app`, `service` and `track` only, since a Deployment's selector cannot change between
/// revisions. Managed accessories are not rendered: services reach them as Services named after the accessory.
public struct KubernetesRenderer: Sendable {
    /// Seconds between a pod's removal from its Services' endpoints and SIGTERM: the `preStop` sleep where
    /// the target has it, else the drain the application does itself (see the Deployment template).
    public static let preStopSeconds: Int64 = 5

    /// The templates to use.
    public var templates: TemplateSet

    /// Creates a renderer.
    public init(templates: TemplateSet = .embedded) {
        self.templates = templates
    }

    /// The track a Deployment or Service belongs to.
    enum Track: String, Sendable {
        case stable, canary

        /// The object's name: the service's for the stable track, `<svc>-canary` for the canary one.
        func objectName(_ service: String, at location: String) throws -> String {
            self == .stable ? service : try ValueChecks.label("\(service)-canary", at: location)
        }
    }

    /// Renders every object as a file, in a fixed order: per service in manifest order (deployment, canary
    /// deployment, configmap, service, canary service, hpa, canary hpa, pdb, canary ingress), then the ingress
    /// and the adapter rule. Services are rendered on all cores; the output does not depend on it.
    public func render(_ manifest: Manifest) throws -> [GeneratedFile] {
        let app = try ValueChecks.label(manifest.app, at: "app")
        let web = manifest.webServices
        let routes = web.isEmpty ? [] : try self.routes(manifest, web: web)
        let routesByService = Dictionary(grouping: routes, by: \.service.name)
        let services = Array(manifest.services.enumerated())
        var files = try services.concurrentMap { index, service in
            try self.files(for: service, index: index, manifest: manifest, app: app,
                           routes: routesByService[service.name] ?? [])
        }.flatMap { $0 }
        if !web.isEmpty {
            files.append(try file("ingress", "ingress", try ingress(manifest, routes: routes, app: app)))
        }
        if manifest.services.contains(where: { $0.autoscaling?.queueLength != nil }) {
            files.append(try file("prometheus-adapter-configmap", "prometheus-adapter", adapterRules(app: app)))
        }
        return files
    }

    /// The files of one service.
    private func files(
        for service: Service, index: Int, manifest: Manifest, app: String, routes: [Route]
    ) throws -> [GeneratedFile] {
        let name = try ValueChecks.label(service.name, at: "services[\(index)].name")
        var canary: CanaryStrategy?
        if service.role == .web, case .canary(let strategy) = manifest.strategy { canary = strategy }
        let autoscaler = try self.autoscaler(service, index: index, manifest: manifest, app: app)
        var files = [try file("\(name)-deployment", "deployment",
                              try deployment(service, index: index, manifest: manifest, app: app, track: .stable,
                                             autoscaler: autoscaler))]
        if canary != nil {
            files.append(try file("\(name)-canary-deployment", "deployment",
                                  try deployment(service, index: index, manifest: manifest, app: app, track: .canary,
                                                 autoscaler: autoscaler)))
        }
        files.append(try file("\(name)-configmap", "configmap",
                              try configMap(service, index: index, manifest: manifest, app: app)))
        if service.role == .web {
            files.append(try file("\(name)-service", "service",
                                  try self.service(service, index: index, app: app, track: .stable)))
            if canary != nil {
                files.append(try file("\(name)-canary-service", "service",
                                      try self.service(service, index: index, app: app, track: .canary)))
            }
        }
        if let autoscaler {
            files.append(try file("\(name)-hpa", "hpa", autoscaler))
            if canary != nil {
                files.append(try file("\(name)-canary-hpa", "hpa", canaryAutoscaler(of: autoscaler, app: app)))
            }
        }
        files.append(try file("\(name)-pdb", "pdb", disruptionBudget(name, manifest: manifest, app: app)))
        if let canary, let ingress = try canaryIngress(service, paths: routes, canary: canary, manifest: manifest, app: app) {
            files.append(try file("\(name)-canary-ingress", "canary-ingress", ingress))
        }
        return files
    }

    /// `kubernetes/<name>.yaml` from `templates/kubernetes/<template>.yaml.mustache`.
    private func file(_ name: String, _ template: String, _ view: Any) throws -> GeneratedFile {
        GeneratedFile(path: "kubernetes/\(name).yaml", contents: try templates.render("kubernetes/\(template).yaml.mustache", view))
    }

    // MARK: Labels

    func labels(app: String, service: String, track: String? = nil, revision: String? = nil) -> [KubernetesViews.Entry] {
        var entries = [KubernetesViews.Entry(key: "app", value: quoted(app)),
                       KubernetesViews.Entry(key: "service", value: quoted(service))]
        if let track { entries.append(.init(key: "track", value: quoted(track))) }
        if let revision { entries.append(.init(key: "revision", value: quoted(revision))) }
        return entries
    }

    /// The `revision` label for an image: its tag made a valid label value (`[A-Za-z0-9._-]`, at most 63
    /// characters, alphanumeric at both ends), `latest` when there is none.
    static func revision(ofImage image: String) -> String {
        let afterSlash = image.split(separator: "/").last.map(String.init) ?? image
        let withoutDigest = afterSlash.split(separator: "@").first.map(String.init) ?? afterSlash
        guard let colon = withoutDigest.lastIndex(of: ":") else { return "latest" }
        let tag = withoutDigest[withoutDigest.index(after: colon)...]
        let allowed = tag.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
        var text = String(String.UnicodeScalarView(allowed).prefix(63))
        while let first = text.unicodeScalars.first, !(first.properties.isAlphabetic || ("0"..."9").contains(first)) {
            text.removeFirst()
        }
        while let last = text.unicodeScalars.last, !(last.properties.isAlphabetic || ("0"..."9").contains(last)) {
            text.removeLast()
        }
        return text.isEmpty ? "latest" : text
    }

    func quoted(_ text: String) -> String { YAMLEscaping.doubleQuoted(text) }
}
