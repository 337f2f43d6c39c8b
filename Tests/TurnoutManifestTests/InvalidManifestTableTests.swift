import Foundation
import Testing
@testable import TurnoutManifest

/// Each invalid fixture must produce exactly these issues (`line:column code key.path`), all in one run.
@Suite struct InvalidManifestTableTests {
    static let table: [(file: String, issues: [String])] = [
        ("bad-values.yaml", [
            "6:11 out-of-range services.api.port",
            "7:15 out-of-range services.api.replicas",
            "9:23 invalid-cpu services.api.resources.requests.cpu",
            "9:39 invalid-size services.api.resources.requests.memory",
            "10:21 invalid-cpu services.api.resources.limits.cpu",
            "13:17 invalid-duration services.api.health.interval",
            "16:15 invalid-percentage slo.error_rate",
            "17:16 invalid-value slo.latency_p95",
            "20:14 wrong-type load_balancer.keepalive",
        ]),
        ("canary-weights.yaml", [
            "12:15 canary-weights strategy.steps[1].weight",
            "13:15 out-of-range strategy.steps[2].weight",
            "14:15 canary-weights strategy.steps[3].weight",
        ]),
        ("duplicate-key.yaml", ["3:3 duplicate-key "]),
        ("empty.yaml", ["1:1 empty-document "]),
        ("injection.yaml", [
            "5:14 wrong-type services.api.command",
            "8:7 invalid-name services.api.env.\"BAD NAME\"",
            "9:20 invalid-value services.api.health.path",
            "11:16 invalid-value load_balancer.server_name",
            "12:11 invalid-value load_balancer.listen",
            "14:14 invalid-value load_balancer.routes[0].path",
        ]),
        ("nesting-too-deep.yaml", ["4:9 nesting-too-deep "]),
        ("docker-health.yaml", [
            "8:20 invalid-value services.api.health.type",
            "13:20 invalid-value services.admin.health.type",
        ]),
        ("kubernetes-version.yaml", [
            "10:12 invalid-value kubernetes.version",
            "11:3 unknown-key kubernetes.versoin",
        ]),
        ("prometheus-managed.yaml", [
            "10:12 invalid-value prometheus.managed",
            "11:20 out-of-range prometheus.scrape_interval",
            "12:3 unknown-key prometheus.querys",
        ]),
        ("prometheus-queries.yaml", [
            "9:8 invalid-value prometheus.url",
            "12:5 unknown-key prometheus.queries.latency_p96",
            "13:17 invalid-value prometheus.queries.error_rate",
            "14:10 invalid-value prometheus.queries.cpu",
            "15:15 invalid-value prometheus.queries.requests",
        ]),
        ("references.yaml", [
            "8:12 unknown-reference services.api.uses[0]",
            "8:19 unknown-reference services.api.uses[1]",
            "10:51 port-clash accessories.postgres.port",
            "14:26 unknown-reference load_balancer.routes[0].service",
        ]),
        ("roles.yaml", [
            "4:11 web-without-health-check services.api.role",
            "4:11 missing-key services.api.role",
            "7:11 worker-without-queue services.mailer.role",
            "9:24 replica-bounds services.mailer.autoscaling.min",
            "11:11 invalid-value services.cron.role",
        ]),
        ("strategy-override.yaml", [
            "10:9 conflicting-keys strategy.type",
            "11:14 invalid-value strategy.max_surge",
            "13:3 unknown-key strategy.pause_between_batch",
        ]),
        ("unknown-keys.yaml", [
            "2:1 unknown-key sevices",
            "6:5 unknown-key services.api.comand",
            "11:7 unknown-key services.api.health.healthy_treshold",
        ]),
        ("unknown-strategy.yaml", ["8:11 unknown-strategy strategy"]),
        ("wrong-types.yaml", [
            "1:6 wrong-type app",
            "2:10 invalid-value runtime",
            "4:3 wrong-type services",
            "5:11 missing-key strategy.type",
        ]),
        ("yaml-syntax.yaml", ["5:4 yaml-syntax "]),
    ]

    static func load(_ name: String) -> ManifestLoader.Result {
        ManifestLoader(strategyDirectories: [RepositoryPaths.strategies]).load(path: RepositoryPaths.invalidFixtures + "/" + name)
    }

    @Test(arguments: table.map(\.file))
    func fixtureProducesExactlyItsIssues(_ file: String) {
        let expected = Self.table.first { $0.file == file }!.issues
        let result = Self.load(file)
        #expect(result.manifest == nil)
        let actual = result.issues.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue) \($0.keyPath)" }
        #expect(actual == expected)
        #expect(result.issues.allSatisfy { $0.location.file.hasSuffix(file) || $0.location.file.hasSuffix(".yaml") })
    }

    @Test func everyFixtureIsInTheTable() {
        let onDisk = RepositoryPaths.yamlFiles(in: RepositoryPaths.invalidFixtures).map { ($0 as NSString).lastPathComponent }
        #expect(onDisk == Self.table.map(\.file).sorted())
    }

    @Test func unknownKeysSuggestTheClosestKnownKey() {
        let messages = Self.load("unknown-keys.yaml").issues.map(\.message)
        #expect(messages == [
            "unknown key 'sevices'; did you mean 'services'?",
            "unknown key 'comand'; did you mean 'command'?",
            "unknown key 'healthy_treshold'; did you mean 'healthy_threshold'?",
        ])
    }

    @Test func issuesRenderWithLocationKeyPathCodeAndHint() {
        let issue = Self.load("bad-values.yaml").issues.first { $0.keyPath == "services.api.health.interval" }!
        let text = issue.description
        #expect(text.contains("bad-values.yaml:13:17: error: services.api.health.interval: expected a duration such as 500ms, 30s, 5m or 1h, found '2 seconds' [invalid-duration]"))
        #expect(text.contains("\n    hint: write a number followed by a unit"))
    }

    @Test func overrideIssuesPointAtTheFileTheKeyCameFrom() {
        let issues = Self.load("strategy-override.yaml").issues
        #expect(issues.allSatisfy { $0.location.file.hasSuffix("strategy-override.yaml") })
        let yaml = """
            app: x
            services:
              web: {role: web, command: [a], port: 8000, health: {path: /h}}
            strategy: {from: broken}
            """
        let directory = NSTemporaryDirectory() + "turnout-strategies-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        FileManager.default.createFile(atPath: directory + "/broken.yaml", contents: Data("type: rolling\nmax_surge: lots\n".utf8))
        let result = ManifestLoader().load(yaml: yaml, file: "m.yaml", strategyDirectories: [directory])
        #expect(result.issues.map(\.location) == [SourceLocation(file: directory + "/broken.yaml", line: 2, column: 12)])
        #expect(result.issues.map(\.keyPath) == ["strategy.max_surge"])
    }
}
