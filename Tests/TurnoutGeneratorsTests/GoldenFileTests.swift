import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// Every renderer's output for the fixtures, byte for byte.
@Suite struct GoldenFileTests {
    @Test func stage2AllTargets() throws {
        try Golden.check(try Generator().render(manifest: Fixtures.stage2, target: .all), case: "stage2")
    }

    /// Kubernetes 1.20: autoscaling/v2beta2, policy/v1beta1, no preStop sleep hook.
    @Test func stage2KubernetesFor120() throws {
        var manifest = Fixtures.stage2
        manifest.kubernetes.version = KubernetesVersion(1, 20)
        try Golden.check(try Generator().render(manifest: manifest, target: .kubernetes), case: "stage2-kubernetes-1.20")
    }

    @Test func smallAllTargets() throws {
        try Golden.check(try Generator().render(manifest: Fixtures.small, target: .all), case: "small")
    }

    @Test func blueGreenWithCanaryWeightsAndStandby() throws {
        let files = try Generator().render(manifest: Fixtures.blueGreen, target: .nginx, plan: Fixtures.blueGreenPlan)
        try Golden.check(files, case: "blue-green-plan")
    }

    @Test func renderingTwiceGivesTheSameBytes() throws {
        for manifest in [Fixtures.stage2, Fixtures.small, Fixtures.blueGreen] {
            let first = try Generator().render(manifest: manifest, target: .all, plan: Fixtures.blueGreenPlan)
            let second = try Generator().render(manifest: manifest, target: .all, plan: Fixtures.blueGreenPlan)
            #expect(first == second)
        }
    }
}
