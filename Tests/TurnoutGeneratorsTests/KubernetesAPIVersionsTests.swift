import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// Which API versions and fields each target Kubernetes version gets.
@Suite struct KubernetesAPIVersionsTests {
    @Test("targets", arguments: [
        ((1, 19), "autoscaling/v2beta2", "policy/v1beta1", false),
        ((1, 20), "autoscaling/v2beta2", "policy/v1beta1", false),
        ((1, 21), "autoscaling/v2beta2", "policy/v1", false),
        ((1, 22), "autoscaling/v2beta2", "policy/v1", false),
        ((1, 23), "autoscaling/v2", "policy/v1", false),
        ((1, 29), "autoscaling/v2", "policy/v1", false),
        ((1, 30), "autoscaling/v2", "policy/v1", true),
        ((1, 37), "autoscaling/v2", "policy/v1", true),
    ])
    func target(_ version: (Int, Int), _ autoscaling: String, _ policy: String, _ sleep: Bool) {
        let apis = KubernetesAPIVersions(for: KubernetesVersion(version.0, version.1))
        #expect(apis.autoscaling == autoscaling)
        #expect(apis.policy == policy)
        #expect(apis.preStopSleep == sleep)
    }
}
