import Foundation
import Testing
@testable import TurnoutManifest

/// Every manifest in manifests/ and every strategy in strategies/ is the documentation people copy from:
/// each must load with no issue at all.
@Suite struct ShippedFilesTests {
    @Test func everyShippedManifestIsValid() throws {
        let files = RepositoryPaths.yamlFiles(in: RepositoryPaths.manifests)
        #expect(files.count >= 4)
        for file in files {
            let result = ManifestLoader().load(path: file)
            #expect(result.issues.isEmpty, "\(file): \(result.issues.map(\.description))")
            #expect(result.manifest != nil, "\(file) did not load")
        }
    }

    @Test func everyShippedStrategyIsValid() throws {
        let files = RepositoryPaths.yamlFiles(in: RepositoryPaths.strategies)
        #expect(Set(files.map { ($0 as NSString).lastPathComponent }).isSuperset(of: ["rolling.yaml", "blue-green.yaml", "canary.yaml"]))
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let (strategy, issues) = ManifestLoader().loadStrategy(yaml: text, file: file)
            #expect(issues.isEmpty, "\(file): \(issues.map(\.description))")
            #expect(strategy != nil)
        }
    }

    @Test func stage2DescribesTheWholeStack() throws {
        let manifest = try ManifestLoader().manifest(at: RepositoryPaths.manifests + "/stage2.yaml")
        #expect(manifest.app == "blog")
        #expect(manifest.runtime == .local)
        #expect(manifest.services.map(\.name) == ["api", "worker-email", "worker-processing"])
        let api = try #require(manifest.service(named: "api"))
        #expect(api.role == .web && api.replicas == 3 && api.port == 8000)
        #expect(api.health?.probe == .http(path: "/api/v1/ready", expectStatus: 200))
        #expect(api.autoscaling == Autoscaling(minReplicas: 2, maxReplicas: 10, cpu: Percentage(70)))
        #expect(manifest.service(named: "worker-email")?.queues == ["email"])
        #expect(manifest.service(named: "worker-processing")?.queues == ["processing"])
        #expect(manifest.accessories.map(\.kind) == [.redis, .postgres])
        #expect(manifest.accessory(named: "redis")?.url == "redis://127.0.0.1:6390/0")
        #expect(manifest.accessory(named: "postgres")?.url == "postgres://blog@127.0.0.1:5440/blog")
        #expect(manifest.loadBalancer.algorithm == .leastConn)
        #expect(manifest.slo == SLO())
        guard case .canary(let canary) = manifest.strategy else {
            Issue.record("expected a canary strategy, got \(manifest.strategy)")
            return
        }
        // The manifest overrides the file's steps and keeps the file's analysis.
        #expect(canary.steps.map(\.weight) == [10, 50, 100])
        #expect(canary.analysis?.inconclusive == .retry)
        // The canary follows the weight (no pinned count); instances and steps warm up for 5 s.
        #expect(canary.canaryReplicas == nil)
        #expect(canary.analysis?.warmup == .seconds(5))
    }

    @Test func strategiesResolveFromTheBuiltInCopyWhenNoDirectoryHasThem() throws {
        let yaml = """
            app: x
            services:
              web: {role: web, command: [a], port: 8000, health: {path: /h}}
            strategy: blue-green
            """
        let result = ManifestLoader().load(yaml: yaml, file: "x.yaml", strategyDirectories: [])
        #expect(result.issues.isEmpty, "\(result.issues)")
        #expect(result.manifest?.strategySource == "built-in strategies/blue-green.yaml")
    }
}
