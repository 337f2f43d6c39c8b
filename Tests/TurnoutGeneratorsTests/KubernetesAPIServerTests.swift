import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// Generated Kubernetes files against a real kube-apiserver and kube-controller-manager 1.20.2 (built from
/// Debian's sources by scripts/build-kubernetes.sh): every object generated for a 1.20 target is accepted by
/// server-side apply, dry-run and for real, with kubectl's strict schema validation; the controllers act on
/// them; and the files generated for the default target are refused by 1.20, so the version matters.
@Suite(.serialized) struct KubernetesAPIServerTests {
    static let target = KubernetesVersion(1, 20)

    /// Every manifest shape: canary with workers that scale on queue length (the fixture and the shipped
    /// example), rolling, blue-green.
    static func cases() throws -> [(name: String, manifest: Manifest)] {
        let shipped = try ManifestLoader().manifest(
            at: ExternalTool.repositoryRoot.appendingPathComponent("manifests/stage2-kubernetes.yaml").path)
        var shippedCanary = shipped
        shippedCanary.strategy = .canary(CanaryStrategy())
        return [("stage2", Fixtures.stage2), ("small", Fixtures.small), ("blue-green", Fixtures.blueGreen),
                ("shipped", shipped), ("shipped-canary", shippedCanary)]
    }

    static var unavailable: Comment { Comment(rawValue: KubeTestCluster.unavailableReason ?? "") }

    @Test(.enabled(if: KubeTestCluster.unavailableReason == nil, unavailable))
    func everyObjectForA120TargetIsAcceptedAndActedOn() throws {
        let cluster = try KubeTestCluster.start()
        defer { cluster.stop() }
        for (name, original) in try Self.cases() {
            var manifest = original
            manifest.kubernetes.version = Self.target
            let directory = try write(manifest, into: cluster.directory.appendingPathComponent("files-\(name)"))
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
            let namespace = "gen-\(name)"
            #expect(try cluster.kubectl(["create", "namespace", namespace]).status == 0)

            let apply = ["apply", "--server-side", "--field-manager=turnout", "--validate=strict", "-n", namespace,
                         "-f", directory]
            let dryRun = try cluster.kubectl(apply + ["--dry-run=server"])
            #expect(dryRun.status == 0, "\(name): dry-run refused: \(dryRun.output)")
            #expect(dryRun.output.components(separatedBy: "serverside-applied (server dry run)").count - 1 == files.count,
                    "\(name): not every object was accepted: \(dryRun.output)")
            let real = try cluster.kubectl(apply)
            #expect(real.status == 0, "\(name): apply refused: \(real.output)")
            let stored = try cluster.kubectl(["get", "-n", namespace, "-f", directory, "-o", "name"])
            #expect(stored.status == 0 && stored.output.split(separator: "\n").count == files.count,
                    "\(name): not every object is stored: \(stored.output)")
        }
        try expectTheCanaryServiceSelectsTheCanaryDeploymentsPods(cluster, namespace: "gen-stage2")
    }

    @Test(.enabled(if: KubeTestCluster.unavailableReason == nil, unavailable))
    func theDefaultTargetsFilesAreRefusedByA120Server() throws {
        let cluster = try KubeTestCluster.start()
        defer { cluster.stop() }
        let directory = try write(Fixtures.stage2, into: cluster.directory.appendingPathComponent("files"))
        let result = try cluster.kubectl(["apply", "--server-side", "--dry-run=server", "--validate=strict", "-f", directory])
        #expect(result.status != 0)
        #expect(result.output.contains("autoscaling/v2\""), "\(result.output)")
        #expect(result.output.contains("policy/v1\""), "\(result.output)")
        #expect(result.output.contains("unknown field \"sleep\""), "\(result.output)")
    }

    /// The stable Deployment gets its pods from the controllers; the canary one none until it is scaled, and
    /// then exactly its pods are what the canary Service (the canary Ingress's backend) selects.
    private func expectTheCanaryServiceSelectsTheCanaryDeploymentsPods(_ cluster: KubeTestCluster, namespace: String) throws {
        func pods(_ selector: String) throws -> [String] {
            let result = try cluster.kubectl(["get", "pods", "-n", namespace, "-l", selector, "-o", "name"])
            return result.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("pod/") }
        }
        let stable = "app=shop,service=api,track=stable"
        #expect(try cluster.eventually(seconds: 60) { try pods(stable).count == 3 }, "the stable Deployment made no pods")
        let selectorJSON = try cluster.kubectl(["get", "service", "api-canary", "-n", namespace, "-o", "jsonpath={.spec.selector}"])
        let selector = try #require(try JSONSerialization.jsonObject(with: Data(selectorJSON.output.utf8)) as? [String: String])
        let canary = selector.keys.sorted().map { "\($0)=\(selector[$0]!)" }.joined(separator: ",")
        #expect(selector["track"] == "canary")
        #expect(try pods(canary).isEmpty, "the canary runs before a deploy scales it")
        #expect(try cluster.kubectl(["scale", "deployment", "api-canary", "-n", namespace, "--replicas=1"]).status == 0)
        #expect(try cluster.eventually(seconds: 60) { try pods(canary).count == 1 }, "the canary Service selects no canary pod")
        #expect(try Set(pods(canary)).isDisjoint(with: pods(stable)))
        let hpas = try cluster.kubectl(["get", "hpa.v2beta2.autoscaling", "-n", namespace, "-o", "name"])
        #expect(Set(hpas.output.split(separator: "\n").map(String.init)) == [
            "horizontalpodautoscaler.autoscaling/api", "horizontalpodautoscaler.autoscaling/api-canary",
            "horizontalpodautoscaler.autoscaling/worker-email",
        ])
    }

    /// Writes the Kubernetes files of `manifest` under `directory`; returns the `kubernetes/` folder.
    private func write(_ manifest: Manifest, into directory: URL) throws -> String {
        let files = try Generator().render(manifest: manifest, target: .kubernetes)
        try GeneratedFileWriter(outputDirectory: directory).write(files)
        return directory.appendingPathComponent("kubernetes").path
    }
}
