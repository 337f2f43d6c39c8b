import TurnoutManifest

/// The API versions and fields generated objects use for a target Kubernetes version: each is the newest the
/// target serves, so files for an old cluster are accepted there and files for a new one use no deprecated
/// version.
struct KubernetesAPIVersions: Sendable, Hashable {
    /// `autoscaling/v2` from 1.23 (GA), `autoscaling/v2beta2` before (served 1.12-1.25; the same fields).
    let autoscaling: String
    /// `policy/v1` from 1.21 (GA), `policy/v1beta1` before (served until 1.25).
    let policy: String
    /// Whether a container's `preStop` may be a `sleep` handler: on by default from 1.30 (the
    /// PodLifecycleSleepAction gate is beta there; alpha and off in 1.29, unknown before).
    let preStopSleep: Bool

    init(for version: KubernetesVersion) {
        autoscaling = version >= KubernetesVersion(1, 23) ? "autoscaling/v2" : "autoscaling/v2beta2"
        policy = version >= KubernetesVersion(1, 21) ? "policy/v1" : "policy/v1beta1"
        preStopSleep = version >= KubernetesVersion(1, 30)
    }
}
