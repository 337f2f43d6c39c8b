import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// The generated files pass the real tools: `nginx -t`, `docker-compose config`, `kubernetes-validate --strict`.
@Suite struct ValidatorTests {
    static let manifests: [(String, Manifest)] = [("stage2", Fixtures.stage2), ("small", Fixtures.small)]

    /// nginx accepts the local-runtime configuration under a fresh prefix (nothing outside it is needed).
    @Test(arguments: ["stage2", "small", "blue-green"])
    func nginxAcceptsTheLocalConfiguration(name: String) throws {
        let manifest = name == "stage2" ? Fixtures.stage2 : name == "small" ? Fixtures.small : Fixtures.blueGreen
        let plan = name == "blue-green" ? Fixtures.blueGreenPlan : nil
        let text = try NginxConfigRenderer(flavor: .local).render(manifest, plan: plan)
        try ExternalTool.expectNginxAccepts(text)
    }

    /// The container flavour names compose services, which only resolve inside the compose network; nginx -t
    /// resolves upstream hosts, so it checks the same manifest with loopback servers instead.
    @Test func nginxAcceptsTheContainerFlavour() throws {
        let plan = TrafficPlan(servers: ["api": [TrafficPlan.Server(host: "127.0.0.1", port: 9000)]])
        try ExternalTool.expectNginxAccepts(try NginxConfigRenderer(flavor: .container).render(Fixtures.stage2, plan: plan))
    }

    @Test(arguments: ["stage2", "small"])
    func composeAcceptsTheComposeFile(name: String) throws {
        let manifest = name == "stage2" ? Fixtures.stage2 : Fixtures.small
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try GeneratedFileWriter(outputDirectory: directory).write(try Generator().render(manifest: manifest, target: .compose))
        let file = directory.appendingPathComponent("compose/compose.yaml").path
        guard let result = try ExternalTool.run("docker-compose", ["-f", file, "config", "-q"]) else { return }
        #expect(result.status == 0, "docker-compose config rejected \(name): \(result.output)")
    }

    @Test(arguments: ["stage2", "small"])
    func kubernetesValidateAcceptsEveryObject(name: String) throws {
        let manifest = name == "stage2" ? Fixtures.stage2 : Fixtures.small
        let files = try Generator().render(manifest: manifest, target: .kubernetes)
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try GeneratedFileWriter(outputDirectory: directory).write(files).map(\.path)
        let bundled = try ExternalTool.bundledKubernetesVersions()
        #expect(!bundled.isEmpty, "cannot list the Kubernetes versions kubernetes-validate bundles")
        let versions = ["1.30.0"] + (bundled.last.map { $0 == "1.30.0" ? [] : [$0] } ?? [])
        for version in versions {
            guard let result = try ExternalTool.run("kubernetes-validate", ["--strict", "-k", version] + paths) else { return }
            #expect(result.status == 0, "kubernetes-validate \(version) rejected \(name): \(result.output)")
        }
    }

    /// Files for an older target against the oldest schemas kubernetes-validate has (1.25, which still serves
    /// autoscaling/v2beta2): a 1.22 target (autoscaling/v2beta2, policy/v1, no preStop sleep) and a 1.25 one.
    /// Older targets (policy/v1beta1, gone in 1.25) are checked by the real 1.20 API server instead
    /// (KubernetesAPIServerTests).
    @Test(arguments: [KubernetesVersion(1, 22), KubernetesVersion(1, 25)])
    func kubernetesValidateAcceptsAnOlderTarget(_ target: KubernetesVersion) throws {
        var manifest = Fixtures.stage2
        manifest.kubernetes.version = target
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try GeneratedFileWriter(outputDirectory: directory)
            .write(try Generator().render(manifest: manifest, target: .kubernetes)).map(\.path)
        let oldest = try #require(try ExternalTool.bundledKubernetesVersions().first)
        #expect(oldest == "1.25.0", "kubernetes-validate's oldest schemas changed: revisit this test")
        guard let result = try ExternalTool.run("kubernetes-validate", ["--strict", "-k", oldest] + paths) else { return }
        #expect(result.status == 0, "kubernetes-validate \(oldest) rejected the \(target) files: \(result.output)")
    }
}
