import Foundation
import Testing
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

@testable import TurnoutAnalysis

/// PrometheusQuerySource against a real Prometheus scraping a page the test serves: templated per-revision
/// queries, vector and scalar answers, no data, errors, and PromQL's histogram_quantile agreeing with ours.
@Suite(.serialized)
struct PrometheusQuerySourceTests {
    static let page = """
        # TYPE turnout_test_seconds histogram
        turnout_test_seconds_bucket{revision="r2",le="0.1"} 10
        turnout_test_seconds_bucket{revision="r2",le="0.2"} 30
        turnout_test_seconds_bucket{revision="r2",le="0.5"} 45
        turnout_test_seconds_bucket{revision="r2",le="+Inf"} 50
        turnout_test_seconds_sum{revision="r2"} 9
        turnout_test_seconds_count{revision="r2"} 50
        # TYPE turnout_test_cpu gauge
        turnout_test_cpu{revision="r2"} 0.42
        turnout_test_cpu{revision="r1"} 0.1
        # TYPE turnout_test_queue gauge
        turnout_test_queue{queue="email"} 7

        """

    /// Serves `page` at `directory/page.prom` (rewrite the file to change it) to a real Prometheus that scrapes
    /// it every second with the target labels `labels` (a YAML flow mapping); runs `body` with Prometheus's
    /// port and process, then stops both.
    static func scraping(_ page: String, labels: String, in directory: String, _ body: (Int, TestProcess) async throws -> Void) async throws {
        let pagePort = try TestSupport.freePort()
        let prometheusPort = try TestSupport.freePort(excluding: [pagePort])
        try TestSupport.write(page, to: "\(directory)/page.prom")
        try TestSupport.write("""
            global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: fixture
                static_configs:
                  - targets: ["127.0.0.1:\(pagePort)"]
                    labels: \(labels)

            """, to: "\(directory)/prometheus.yml")
        let server = try TestProcess(
            [TestSupport.python, TestSupport.fixtures + "/metrics_server.py", "--port", "\(pagePort)", "--page", "\(directory)/page.prom"], label: "page")
        let prometheus = try TestProcess(
            ["/usr/bin/prometheus", "--config.file", "\(directory)/prometheus.yml", "--storage.tsdb.path", "\(directory)/data",
             "--web.listen-address", "127.0.0.1:\(prometheusPort)"],
            label: "prometheus")
        try await TestSupport.stopping([prometheus, server]) { try await body(prometheusPort, prometheus) }
    }

    @Test func queriesARealPrometheus() async throws {
        let directory = try TestSupport.temporaryDirectory("prometheus")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.scraping(Self.page, labels: "{service: api}", in: directory) { prometheusPort, prometheus in
            let source = PrometheusQuerySource(settings: .init(
                port: prometheusPort,
                queries: [
                    .latencyP95: #"histogram_quantile(0.95, sum by (le) (turnout_test_seconds_bucket{revision="{{revision}}",service="{{service}}"}))"#,
                    .cpu: #"max(turnout_test_cpu{revision="{{revision}}",service="{{service}}"})"#,
                    .queueLength: #"sum(turnout_test_queue{service="{{service}}"})"#,
                    .errorRate: #"sum(rate(turnout_test_missing{revision="{{revision}}"}[{{window}}]))"#,
                    .requests: #"sum(turnout_test_seconds_count{revision="{{revision}}"})"#,
                ]))
            // The first scrape lands a few seconds after start.
            let ready = await TestSupport.waitUntil(timeout: .seconds(60)) {
                if case .success(let value?) = await source.instant(#"max(turnout_test_cpu{service="api"})"#) { return value == 0.42 }
                return false
            }
            try #require(ready, "Prometheus never answered with the scraped page: \(prometheus.log.suffix(2000))")

            let r1 = RevisionID("r1"), r2 = RevisionID("r2")
            let sample = await source.sample(SampleRequest(window: .seconds(30), now: Date(), revisions: [r2, r1], service: "api"))
            #expect(sample.reading(.cpu, revision: r2)?.value == 0.42)
            #expect(sample.reading(.cpu, revision: r1)?.value == 0.1)
            #expect(sample.reading(.latencyP95, revision: r2)?.value == 0.5)
            #expect(sample.reading(.latencyP95, revision: r2)?.samples == 50)  // from the .requests query
            #expect(sample.readings(.queueLength).map { "\($0.subject)=\($0.value)" } == ["api=7.0"])
            #expect(sample.problems.contains("Prometheus has no data for error_rate of r2 over the last 30s"))
            #expect(sample.problems.contains("Prometheus has no data for latency_p95 of r1 over the last 30s"))

            // PromQL's histogram_quantile and ours agree on the same buckets.
            let buckets = CumulativeHistogram(buckets: [.init(upperBound: 0.1, count: 10), .init(upperBound: 0.2, count: 30),
                                                        .init(upperBound: 0.5, count: 45), .init(upperBound: .infinity, count: 50)])
            for q in [0.1, 0.5, 0.8, 0.9, 0.99] {
                let promql = try await source.instant("histogram_quantile(\(q), sum by (le) (turnout_test_seconds_bucket))").get()
                let ours = try #require(buckets.quantile(q))
                #expect(abs(try #require(promql) - ours) < 1e-9, "q=\(q)")
            }

            #expect(try await source.instant("scalar(vector(3))").get() == 3)
            #expect(try await source.instant("turnout_test_nothing").get() == nil)
            guard case .failure(let multiple) = await source.instant("turnout_test_cpu") else { Issue.record("two series accepted"); return }
            #expect(multiple.description.contains("answered 2 series"))
            guard case .failure(let syntax) = await source.instant("sum(") else { Issue.record("bad query accepted"); return }
            #expect(syntax.description.contains("bad_data"), "\(syntax)")
        }
    }

    /// The bundled API's page after `n` requests of revision r2, all 2xx (90 % under 50 ms, all under 100 ms),
    /// three in four post reads from the cache.
    static func apiPage(_ n: Int) -> String {
        let labels = #"method="GET",route="/api/v1/posts",status="2xx""#
        return """
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{\(labels),le="0.05"} \(n * 9 / 10)
            http_request_duration_seconds_bucket{\(labels),le="0.1"} \(n)
            http_request_duration_seconds_bucket{\(labels),le="+Inf"} \(n)
            http_request_duration_seconds_sum{\(labels)} \(Double(n) * 0.04)
            http_request_duration_seconds_count{\(labels)} \(n)
            # TYPE cache_hits_total counter
            cache_hits_total \(n * 3 / 4)
            # TYPE cache_misses_total counter
            cache_misses_total \(n / 4)

            """
    }

    /// The built-in queries against a real Prometheus scraping a page shaped like the bundled API's, labelled
    /// the way Turnout's targets file labels it: a revision that never answered 5xx has an error rate of 0
    /// (not "no data").
    @Test(.timeLimit(.minutes(2))) func theDefaultQueriesReadTheBundledAPIsMetrics() async throws {
        let directory = try TestSupport.temporaryDirectory("prometheus-defaults")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = Task {
            var n = 0
            while !Task.isCancelled {
                n += 400
                try? TestSupport.write(Self.apiPage(n), to: "\(directory)/page.prom")
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        defer { writer.cancel() }
        try await Self.scraping(Self.apiPage(0), labels: "{service: api, revision: r2}", in: directory) { prometheusPort, prometheus in
            let source = PrometheusQuerySource(settings: .init(port: prometheusPort))
            let r2 = RevisionID("r2")
            var sample = MetricSample(timestamp: Date())
            let complete = await TestSupport.waitUntil(timeout: .seconds(60)) {
                sample = await source.sample(SampleRequest(window: .seconds(5), now: Date(), revisions: [r2], service: "api"))
                return sample.readings.count == 5
            }
            try #require(complete, "\(sample.problems) \(prometheus.log.suffix(1500))")
            #expect(sample.reading(.errorRate, revision: r2)?.value == 0)
            #expect(abs(try #require(sample.reading(.latencyP95, revision: r2)?.value) - 0.075) < 1e-6)
            #expect(abs(try #require(sample.reading(.latencyP99, revision: r2)?.value) - 0.095) < 1e-6)
            #expect(abs(try #require(sample.reading(.cacheHitRate, revision: r2)?.value) - 0.75) < 1e-6)
            #expect(try #require(sample.reading(.cacheHitRate, revision: r2)?.samples) > 0)
            #expect(sample.readings.allSatisfy { $0.source == "prometheus" })
            // Another revision, never scraped, has no data: a problem, not a zero.
            let other = await source.sample(SampleRequest(window: .seconds(5), now: Date(), revisions: [RevisionID("r9")], service: "api"))
            #expect(other.readings.isEmpty)
            #expect(other.problems.contains("Prometheus has no data for error_rate of r9 over the last 5s"))
        }
    }

    @Test func unreachablePrometheusIsAProblem() async throws {
        let port = try TestSupport.freePort()
        let source = PrometheusQuerySource(settings: .init(port: port, queries: [.cpu: "max(up)"]))
        let sample = await source.sample(SampleRequest(window: .seconds(30), revisions: [RevisionID("r2")], service: "api"))
        #expect(sample.readings.isEmpty)
        #expect(sample.problems == ["Prometheus query for cpu failed: connection refused by 127.0.0.1:\(port)"])
    }

    @Test("templates", arguments: [
        (#"up{revision="{{revision}}",service="{{service}}"}[{{window}}]"#, #"up{revision="r\"2",service="api"}[1500ms]"#),
        ("rate(x[{{window}}])", "rate(x[1500ms])"),
    ])
    func templates(_ template: String, _ rendered: String) {
        #expect(PromQLTemplate(template).render(revision: "r\"2", service: "api", window: TimeSpanFixture.oneAndAHalfSeconds) == rendered)
    }

    @Test func urlEncoding() {
        #expect(PromQLTemplate.urlEncode(#"sum(rate(x{a="b c"}[30s])) / 2 + é"#) == "sum%28rate%28x%7Ba%3D%22b%20c%22%7D%5B30s%5D%29%29%20%2F%202%20%2B%20%C3%A9")
    }

    @Test("API answers", arguments: [
        (#"{"status":"success","data":{"resultType":"scalar","result":[1712345678.1,"0.25"]}}"#, "scalar(0.25)"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"b"},"value":[1,"NaN"]}]}}"#, "vector(1)"),
        (#"{"status":"success","data":{"resultType":"vector","result":[]}}"#, "vector(0)"),
        (#"{"status":"error","errorType":"bad_data","error":"parse error"}"#, "bad_data: parse error"),
        (#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#, "a matrix result (an instant query must answer a vector or a scalar)"),
        ("not json", "the answer is not a JSON object"),
    ])
    func apiAnswers(_ body: String, _ expected: String) {
        switch PrometheusQueryResult.decode(Array(body.utf8)) {
        case .success(.scalar(let value)): #expect("scalar(\(value))" == expected)
        case .success(.vector(let elements)): #expect("vector(\(elements.count))" == expected)
        case .failure(let failure): #expect(failure.description == expected)
        }
    }
}

enum TimeSpanFixture {
    static let oneAndAHalfSeconds = TimeSpan(milliseconds: 1500)
}
