/// Which set of files `Generator.render` produces.
public enum GenerationTarget: String, Sendable, Hashable, CaseIterable {
    /// `nginx/nginx.conf` for the manifest's runtime.
    case nginx
    /// `compose/compose.yaml` and the `compose/nginx.conf` its nginx service mounts.
    case compose
    /// `kubernetes/*.yaml`, one object per file.
    case kubernetes
    /// All of the above.
    case all
}
