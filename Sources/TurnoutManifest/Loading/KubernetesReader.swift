import Yams

/// Reads the top-level `kubernetes` block: `version`, the cluster's Kubernetes version.
struct KubernetesReader {
    let reader: MappingReader

    func read() -> KubernetesSettings {
        var settings = KubernetesSettings()
        if let text = reader.string("version") {
            if let version = KubernetesReader.version(text, reader: reader) { settings.version = version }
        }
        reader.finish()
        return settings
    }

    /// `text` as a supported version, or `nil` with an issue at `version`.
    static func version(_ text: String, reader: MappingReader) -> KubernetesVersion? {
        guard let version = KubernetesVersion.parse(text) else {
            reader.problem(.invalidValue, "version", "'\(Node.clipped(text))' is not a Kubernetes version: expected MAJOR.MINOR, such as 1.30",
                           hint: "the version of the cluster's API server (kubectl version); API versions are chosen for it")
            return nil
        }
        guard version.major == 1, version >= .oldestSupported else {
            reader.problem(.outOfRange, "version", "Kubernetes \(version) is not supported: Turnout generates for 1.\(KubernetesVersion.oldestSupported.minor) and later",
                           hint: "1.\(KubernetesVersion.oldestSupported.minor) is the first with Ingress networking.k8s.io/v1")
            return nil
        }
        return version
    }
}
