import Foundation
import Testing
import TurnoutManifest
import Yams
@testable import TurnoutGenerators

/// The generated objects fit together: every Service selects the pods of one Deployment, every autoscaler
/// scales a Deployment of its own, every Ingress backend is a Service with that port, and queue-length
/// autoscaling reads a metric the workers export through the adapter rule beside the files.
@Suite struct KubernetesRendererTests {
    typealias Object = [String: Any]

    static func objects(_ manifest: Manifest) throws -> [String: Object] {
        var result: [String: Object] = [:]
        for file in try KubernetesRenderer().render(manifest) {
            let object = try #require(try Yams.load(yaml: file.contents) as? Object, "\(file.path) is not one object")
            let kind = try #require(object["kind"] as? String)
            let name = try #require((object["metadata"] as? Object)?["name"] as? String)
            result["\(kind)/\(name)"] = object
        }
        return result
    }

    static func shippedKubernetesManifest() throws -> Manifest {
        try ManifestLoader().manifest(
            at: ExternalTool.repositoryRoot.appendingPathComponent("manifests/stage2-kubernetes.yaml").path)
    }

    static func value(_ object: Any?, _ path: String...) -> Any? {
        path.reduce(object) { ($0 as? Object)?[$1] }
    }

    static func strings(_ object: Any?) -> [String: String] {
        ((object as? Object) ?? [:]).compactMapValues { $0 as? String }
    }

    static func deployments(_ objects: [String: Object]) -> [(name: String, object: Object)] {
        objects.filter { $0.key.hasPrefix("Deployment/") }.map { (String($0.key.dropFirst("Deployment/".count)), $0.value) }
    }

    @Test(arguments: ["stage2", "blue-green", "shipped"])
    func everyServiceSelectsThePodsOfExactlyOneDeployment(_ name: String) throws {
        let manifest = name == "stage2" ? Fixtures.stage2 : name == "blue-green" ? Fixtures.blueGreen
            : try Self.shippedKubernetesManifest()
        let objects = try Self.objects(manifest)
        for (key, service) in objects where key.hasPrefix("Service/") {
            let selector = Self.strings(Self.value(service, "spec", "selector"))
            let matching = Self.deployments(objects).filter { _, deployment in
                let podLabels = Self.strings(Self.value(deployment, "spec", "template", "metadata", "labels"))
                return selector.allSatisfy { podLabels[$0.key] == $0.value }
            }
            #expect(matching.count == 1, "\(key) selects the pods of \(matching.map(\.name))")
        }
        for (name, deployment) in Self.deployments(objects) {
            let selector = Self.strings(Self.value(deployment, "spec", "selector", "matchLabels"))
            let podLabels = Self.strings(Self.value(deployment, "spec", "template", "metadata", "labels"))
            #expect(selector.allSatisfy { podLabels[$0.key] == $0.value }, "\(name)'s selector misses its own pods")
        }
    }

    @Test func theCanaryTrackIsTheStablePodTemplateAtZeroReplicasWithItsOwnServiceAutoscalerAndIngress() throws {
        let objects = try Self.objects(Fixtures.stage2)
        let stable = try #require(objects["Deployment/api"])
        let canary = try #require(objects["Deployment/api-canary"])
        #expect(Self.value(canary, "spec", "replicas") as? Int == 0)
        // The pod templates differ in the track label only.
        let files = try KubernetesRenderer().render(Fixtures.stage2)
        func podTemplate(_ path: String) throws -> String {
            let text = try #require(files.first { $0.path == path }?.contents)
            return String(text[try #require(text.range(of: "\n  template:\n"))!.lowerBound...])
        }
        let stableTemplate = try podTemplate("kubernetes/api-deployment.yaml")
        let canaryTemplate = try podTemplate("kubernetes/api-canary-deployment.yaml")
        #expect(canaryTemplate.contains("track: \"canary\""))
        #expect(canaryTemplate.replacingOccurrences(of: "track: \"canary\"", with: "track: \"stable\"") == stableTemplate)

        let targets = objects.filter { $0.key.hasPrefix("HorizontalPodAutoscaler/") }
            .compactMap { Self.value($0.value, "spec", "scaleTargetRef", "name") as? String }
        #expect(targets.sorted() == ["api", "api-canary", "worker-email"])
        #expect(Set(targets).isSubset(of: Set(Self.deployments(objects).map(\.name))))

        for (key, ingress) in objects where key.hasPrefix("Ingress/") {
            let rules = Self.value(ingress, "spec", "rules") as? [Any] ?? []
            for rule in rules {
                for path in Self.value(rule, "http", "paths") as? [Any] ?? [] {
                    let backend = try #require(Self.value(path, "backend", "service", "name") as? String)
                    let port = Self.value(path, "backend", "service", "port", "number") as? Int
                    let service = try #require(objects["Service/\(backend)"], "\(key) routes to no Service \(backend)")
                    let ports = (Self.value(service, "spec", "ports") as? [Any] ?? []).compactMap { Self.value($0, "port") as? Int }
                    #expect(ports.contains(port ?? -1), "\(key) routes to a port \(backend) does not have")
                }
            }
        }
        #expect(Self.value(objects["Ingress/api-canary"], "spec", "rules") != nil)
        #expect(Self.strings(Self.value(objects["Ingress/api-canary"], "metadata", "annotations"))[
            "nginx.ingress.kubernetes.io/canary-weight"] == "10")
    }

    /// The External metric is the one the bundled worker exports, the adapter rule serves it, and the pods
    /// that export it are annotated for scraping on the port the worker really listens on.
    @Test func queueLengthScalingReadsTheMetricTheWorkerExports() throws {
        let objects = try Self.objects(try Self.shippedKubernetesManifest())
        let hpa = try #require(objects["HorizontalPodAutoscaler/worker-email"])
        let metrics = try #require(Self.value(hpa, "spec", "metrics") as? [Any])
        let external = metrics.compactMap { Self.value($0, "external", "metric") }
        #expect(external.map { Self.value($0, "name") as? String } == ["worker_queue_length"])
        #expect(external.map { Self.strings(Self.value($0, "selector", "matchLabels")) } == [["queue": "email"]])

        let adapter = try #require(objects["ConfigMap/blog-prometheus-adapter"])
        let config = try #require(Self.strings(Self.value(adapter, "data"))["config.yaml"])
        let rule = try #require((Self.value(try Yams.load(yaml: config), "externalRules") as? [Any])?.first)
        #expect(Self.value(rule, "name", "as") as? String == "worker_queue_length")
        #expect((Self.value(rule, "seriesQuery") as? String)?.hasPrefix("worker_queue_length{") == true)

        let deployment = try #require(objects["Deployment/worker-email"])
        let annotations = Self.strings(Self.value(deployment, "spec", "template", "metadata", "annotations"))
        let container = try #require((Self.value(deployment, "spec", "template", "spec", "containers") as? [Any])?.first)
        let args = (Self.value(container, "args") as? [Any] ?? []).compactMap { $0 as? String }
        let metricsPort = args.firstIndex(of: "--metrics-port").map { args[$0 + 1] }
        #expect(annotations["prometheus.io/scrape"] == "true")
        #expect(annotations["prometheus.io/port"] == "9101")
        #expect(metricsPort == "9101")
        #expect(!EmbeddedTemplates.contents.values.contains { $0.contains("turnout_queue_length") })
    }

    @Test(arguments: [(KubernetesVersion(1, 20), false), (KubernetesVersion(1, 29), false), (KubernetesVersion(1, 30), true)])
    func thePreStopSleepHookOnlyWhereTheTargetHasIt(_ version: KubernetesVersion, _ sleeps: Bool) throws {
        var manifest = Fixtures.stage2
        manifest.kubernetes.version = version
        for (name, deployment) in Self.deployments(try Self.objects(manifest)) {
            let container = (Self.value(deployment, "spec", "template", "spec", "containers") as? [Any])?.first
            #expect((Self.value(container, "lifecycle", "preStop", "sleep", "seconds") as? Int == 5) == sleeps, "\(name)")
            #expect(sleeps || Self.value(container, "lifecycle") == nil, "\(name) has a hook \(version) cannot run")
        }
    }

    @Test func aCanaryNameTooLongForALabelIsRefused() throws {
        var manifest = Fixtures.stage2
        manifest.services[0].name = String(repeating: "a", count: 60)
        manifest.loadBalancer.routes = [LoadBalancer.Route(path: "/", service: manifest.services[0].name)]
        #expect(throws: GeneratorError.self) { try KubernetesRenderer().render(manifest) }
    }
}
