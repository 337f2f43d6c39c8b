/// The manifest's `kubernetes` block: what the generated Kubernetes files target.
public struct KubernetesSettings: Sendable, Hashable {
    /// The cluster's Kubernetes version; API versions and fields are chosen for it.
    public var version: KubernetesVersion

    /// Creates settings.
    public init(version: KubernetesVersion = .default) {
        self.version = version
    }
}
