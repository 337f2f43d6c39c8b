import TurnoutManifest

/// The entry point of `turnout generate`: renders the files of one target, or all of them.
///
/// Output is deterministic: the same manifest, plan and templates give the same files, byte for byte, in the
/// same order.
public struct Generator: Sendable {
    /// Creates a generator.
    public init() {}

    /// Renders the files of `target` for `manifest`:
    ///
    /// - `.nginx`: `nginx/nginx.conf` for the manifest's runtime (host flavour for `local`, container flavour
    ///   otherwise), with the servers of `plan`, or derived from the manifest (``TrafficPlan/derived(from:runtime:)``);
    /// - `.compose`: `compose/compose.yaml` and the `compose/nginx.conf` its nginx service mounts (container
    ///   flavour, servers are the compose service names);
    /// - `.kubernetes`: `kubernetes/*.yaml` (see ``KubernetesRenderer``);
    /// - `.all`: all of the above, in that order (rendered concurrently).
    public func render(
        manifest: Manifest, target: GenerationTarget, templates: TemplateSet = .embedded, plan: TrafficPlan? = nil
    ) throws -> [GeneratedFile] {
        switch target {
        case .nginx:
            let flavor: NginxConfigRenderer.Flavor = manifest.runtime == .local ? .local : .container
            let text = try NginxConfigRenderer(templates: templates, flavor: flavor).render(manifest, plan: plan)
            return [GeneratedFile(path: "nginx/nginx.conf", contents: text)]
        case .compose:
            var files = [GeneratedFile(path: "compose/compose.yaml",
                                       contents: try ComposeRenderer(templates: templates).render(manifest))]
            if !manifest.webServices.isEmpty {
                let nginx = try NginxConfigRenderer(templates: templates, flavor: .container)
                    .render(manifest, plan: try TrafficPlan.derived(from: manifest, runtime: .docker))
                files.append(GeneratedFile(path: "compose/nginx.conf", contents: nginx))
            }
            return files
        case .kubernetes:
            return try KubernetesRenderer(templates: templates).render(manifest)
        case .all:
            // The targets are independent: render them side by side.
            return try [GenerationTarget.nginx, .compose, .kubernetes].concurrentMap {
                try render(manifest: manifest, target: $0, templates: templates, plan: plan)
            }.flatMap { $0 }
        }
    }
}
