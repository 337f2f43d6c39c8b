import TurnoutManifest

/// Renders Kubernetes objects for the manifest's services, one object per file under `kubernetes/`:
///
/// - every service: `<svc>-deployment.yaml`, `<svc>-configmap.yaml`, `<svc>-pdb.yaml`, and
///   `<svc>-hpa.yaml` when it autoscales (web services always do: min 2, max 10, CPU 70 % unless the manifest
///   says otherwise);
/// - web services: `<svc>-service.yaml` (ClusterIP), and with a canary strategy `<svc>-canary-service.yaml`
///   plus `<svc>-canary-ingress.yaml` (nginx-ingress canary at the first step's weight);
/// - `ingress.yaml` routing the load balancer's routes.
///
/// Pods carry the labels `app`, `service`, `track` (`stable`; the controller's canary Deployment uses
/// `canary`) and `revision` (the image tag). Selectors use `app`, `service` and `track` only, since a
/// Deployment's selector cannot change between revisions. Managed accessories are not rendered: services
/// reach them as Services named after the accessory.
public struct KubernetesRenderer: Sendable {
    /// Seconds a pod sleeps in `preStop` before SIGTERM, so endpoints and ingress stop routing to it first.
    public static let preStopSeconds: Int64 = 5

    /// The templates to use.
    public var templates: TemplateSet

    /// Creates a renderer.
    public init(templates: TemplateSet = .embedded) {
        self.templates = templates
    }

    /// Renders every object as a file, in a fixed order: per service in manifest order (deployment,
    /// configmap, service, canary service, hpa, pdb, canary ingress), then the ingress.
    public func render(_ manifest: Manifest) throws -> [GeneratedFile] {
        let app = try ValueChecks.label(manifest.app, at: "app")
        var files: [GeneratedFile] = []
        func add(_ name: String, _ template: String, _ view: Any) throws {
            files.append(GeneratedFile(path: "kubernetes/\(name).yaml",
                                       contents: try templates.render("kubernetes/\(template).yaml.mustache", view)))
        }
        let web = manifest.webServices
        let routes = web.isEmpty ? [] : try self.routes(manifest, web: web)
        let routesByService = Dictionary(grouping: routes, by: \.service.name)
        for (index, service) in manifest.services.enumerated() {
            let name = try ValueChecks.label(service.name, at: "services[\(index)].name")
            let autoscaler = try self.autoscaler(service, index: index, manifest: manifest, app: app)
            try add("\(name)-deployment", "deployment",
                    try deployment(service, index: index, manifest: manifest, app: app, autoscaler: autoscaler))
            try add("\(name)-configmap", "configmap", try configMap(service, index: index, manifest: manifest, app: app))
            if service.role == .web {
                try add("\(name)-service", "service", try self.service(service, index: index, app: app, canary: false))
                if case .canary = manifest.strategy {
                    try add("\(name)-canary-service", "service",
                            try self.service(service, index: index, app: app, canary: true))
                }
            }
            if let autoscaler { try add("\(name)-hpa", "hpa", autoscaler) }
            try add("\(name)-pdb", "pdb", disruptionBudget(name, app: app))
            if service.role == .web, case .canary(let canary) = manifest.strategy,
               let ingress = try canaryIngress(service, paths: routesByService[service.name] ?? [], canary: canary,
                                               manifest: manifest, app: app) {
                try add("\(name)-canary-ingress", "canary-ingress", ingress)
            }
        }
        if !web.isEmpty {
            try add("ingress", "ingress", try ingress(manifest, routes: routes, app: app))
        }
        return files
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
