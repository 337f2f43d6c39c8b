/// The Kubernetes version generated files target, written `1.30` (a patch, `1.30.2`, and a leading `v` are
/// accepted and the patch ignored): it decides which API versions and fields the files use.
public struct KubernetesVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version (1).
    public var major: Int
    /// The minor version.
    public var minor: Int

    /// Creates `major.minor`.
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// The target when neither the manifest nor `--kubernetes-version` names one: a current release.
    public static let `default` = KubernetesVersion(1, 30)

    /// The oldest target: Ingress `networking.k8s.io/v1` (with `ingressClassName`) and the pod
    /// `seccompProfile` field are GA from 1.19.
    public static let oldestSupported = KubernetesVersion(1, 19)

    /// `1.30`.
    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: KubernetesVersion, rhs: KubernetesVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// Parses `1.30`, `1.30.2` or `v1.30`; `nil` for anything else (range checks are the caller's).
    public static func parse(_ text: String) -> KubernetesVersion? {
        let body = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
              parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let major = Int(parts[0]), let minor = Int(parts[1])
        else { return nil }
        return KubernetesVersion(major, minor)
    }
}
