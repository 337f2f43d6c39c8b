import Testing
@testable import TurnoutManifest

/// The `prometheus` block: what a valid one reads as, and the exact issue each mistake produces (location,
/// code, key path and message).
@Suite struct PrometheusReaderTests {
    static func load(_ block: String) -> ManifestLoader.Result {
        let yaml = """
            app: blog
            services:
              api: {role: web, command: [turnout-api], port: 8000, health: {path: /ready}}
            strategy: {type: rolling}
            prometheus:
            \(block)
            """
        return ManifestLoader().load(yaml: yaml, file: "m.yaml")
    }

    @Test func aManagedServerWithQueries() throws {
        let result = Self.load("""
              managed: true
              scrape_interval: 1s
              queries:
                latency_p95: 'histogram_quantile(0.95, sum by (le) (rate(h_bucket{service="{{service}}",revision="{{revision}}"}[{{window}}])))'
                requests: 'sum(increase(h_count{revision="{{revision}}"}[{{window}}]))'
            """)
        #expect(result.issues.isEmpty, "\(result.issues.map(\.description))")
        let settings = try #require(result.manifest?.prometheus)
        #expect(settings.server == .managed)
        #expect(settings.scrapeInterval == .seconds(1))
        #expect(settings.queries.keys.sorted() == ["latency_p95", "requests"])
    }

    @Test("existing servers", arguments: [
        ("http://127.0.0.1:9090", "127.0.0.1", 9090),
        ("http://prometheus.internal/", "prometheus.internal", 80),
        ("http://localhost:19090/", "localhost", 19090),
    ])
    func anExistingServer(_ url: String, _ host: String, _ port: Int) throws {
        let result = Self.load("  url: \(url)")
        #expect(result.issues.isEmpty, "\(result.issues.map(\.description))")
        #expect(result.manifest?.prometheus == PrometheusSettings(server: .external(host: host, port: port)))
    }

    @Test func withoutPrometheusThereIsNone() throws {
        let result = ManifestLoader().load(yaml: "app: blog\nservices:\n  api: {role: web, command: [a], port: 8000, health: {path: /r}}\nstrategy: rolling\n",
                                           file: "m.yaml", strategyDirectories: [RepositoryPaths.strategies])
        #expect(try #require(result.manifest).prometheus == nil)
    }

    @Test("mistakes", arguments: [
        ("  {}", "6:3 missing-key prometheus.url: required key 'url' is missing: the address of an existing Prometheus, such as http://127.0.0.1:9090"),
        ("  managed: false", "6:3 missing-key prometheus.url: required key 'url' is missing: the address of an existing Prometheus, such as http://127.0.0.1:9090"),
        ("  url: http://127.0.0.1:9090\n  managed: true",
         "6:8 conflicting-keys prometheus.url: give either url (an existing server) or managed: true (Turnout starts one), not both"),
        ("  url: http://127.0.0.1:9090\n  scrape_interval: 1s",
         "7:20 conflicting-keys prometheus.scrape_interval: scrape_interval applies to a managed Prometheus only"),
        ("  url: 'http://[::1]:9090'",
         "6:8 invalid-value prometheus.url: 'http://[::1]:9090' has an IPv6 address, which Turnout's Prometheus client does not reach"),
        ("  url: http://127.0.0.1:9090/prometheus",
         "6:8 invalid-value prometheus.url: 'http://127.0.0.1:9090/prometheus' has a path, query or fragment; Turnout asks the server's /api/v1/query at its root"),
        ("  url: http://127.0.0.1:99999", "6:8 invalid-value prometheus.url: 'http://127.0.0.1:99999' has no valid port (1-65535)"),
        ("  url: http://user@host:9090", "6:8 invalid-value prometheus.url: 'http://user@host:9090' is not a Prometheus URL such as http://127.0.0.1:9090"),
        ("  url: ftp://host", "6:8 invalid-value prometheus.url: 'ftp://host' is not a Prometheus URL such as http://127.0.0.1:9090"),
        ("  managed: yes", "6:12 wrong-type prometheus.managed: expected true or false, found 'yes'"),
        ("  managed: true\n  queries: {lantency_p95: x}",
         "7:13 unknown-key prometheus.queries.lantency_p95: unknown metric 'lantency_p95'; did you mean 'latency_p95'?"),
        ("  managed: true\n  queries: {cache_hit_rate: 'x{s=\"{{ service }}\"}'}",
         "7:29 invalid-value prometheus.queries.cache_hit_rate: unknown placeholder '{{ service }}'; did you mean '{{service}}'?"),
        ("  managed: true\n  queries: {cpu: 'max(x{{window}'}",
         "7:18 invalid-value prometheus.queries.cpu: a placeholder opened with '{{' is never closed with '}}'"),
        ("  managed: true\n  queries: {cpu: [a]}", "7:18 wrong-type prometheus.queries.cpu: expected a single value, found a list"),
        ("  managed: true\n  queries: [cpu]",
         "7:12 wrong-type prometheus.queries: expected a mapping of metric names to PromQL queries, found a list"),
    ])
    func aMistake(_ block: String, _ expected: String) {
        let result = Self.load(block)
        #expect(result.manifest == nil)
        #expect(result.issues.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue) \($0.keyPath): \($0.message)" } == [expected])
    }

    @Test func everyIssueSaysHowToFixIt() {
        for block in ["  {}", "  url: https://127.0.0.1:9090", "  managed: true\n  queries: {cpu: '{{svc}}'}"] {
            let issues = Self.load(block).issues
            #expect(!issues.isEmpty && issues.allSatisfy { $0.hint != nil }, "\(block): \(issues.map(\.description))")
        }
    }

    @Test("placeholders", arguments: [
        ("rate(x[{{window}}])", nil),
        ("{{service}}{{revision}}{{window}}", nil),
        ("no placeholders { at } all", nil),
        ("x{{revison}}", "unknown placeholder '{{revison}}'; did you mean '{{revision}}'?"),
        ("x{{nope}}", "unknown placeholder '{{nope}}'"),
        ("x{{window", "a placeholder opened with '{{' is never closed with '}}'"),
    ] as [(String, String?)])
    func placeholders(_ query: String, _ problem: String?) {
        #expect(PromQLPlaceholders.problem(in: query)?.message == problem)
    }
}
