import Foundation
import Testing
import TurnoutManifest
import TurnoutStrategies

@testable import TurnoutAnalysis

/// The engine over static sources: how readings, gaps and comparisons combine into pass, fail and
/// inconclusive, with reasons that name metric, value, objective and window.
struct AnalysisEngineTests {
    static let r1 = RevisionID("r1"), r2 = RevisionID("r2")

    static func request(metrics: [AnalysisPolicy.Metric] = AnalysisPolicy.Metric.allCases, compare: Bool = true, minSamples: Int = 50) -> AnalysisRequest {
        AnalysisRequest(purpose: .canaryStep, policy: AnalysisPolicy(window: .seconds(30), minSamples: minSamples, compareWithStable: compare, metrics: metrics),
                        candidate: r2, baseline: r1)
    }

    /// Healthy readings of r2 for every metric.
    static let healthy: [MetricReading] = [
        .of(r2, .errorRate, 0.0005, samples: 2000, source: "static"), .of(r2, .latencyP95, 0.120, samples: 2000, source: "static"),
        .of(r2, .latencyP99, 0.300, samples: 2000, source: "static"), .of(r2, .cpu, 0.35, samples: 2, source: "static"),
        MetricReading(.cacheHitRate, subject: "redis", value: 0.9, samples: 800, source: "static"),
        MetricReading(.queueLength, subject: "email", value: 3, source: "static"),
        MetricReading(.redisMemory, subject: "redis", value: 0.1, source: "static"),
    ]

    static func engine(_ readings: [MetricReading], problems: [String] = [], measures: Set<AnalysisPolicy.Metric>? = nil, role: Service.Role = .web) -> AnalysisEngine {
        AnalysisEngine(configuration: AnalysisConfiguration(service: "api", role: role),
                       sources: [StaticMetricSource(readings: readings, problems: problems, measures: measures)])
    }

    @Test func healthyCandidatePasses() async {
        let report = await Self.engine(Self.healthy).evaluate(Self.request(), targets: [])
        #expect(report.outcome == .pass)
        #expect(report.judgements.count == 7)
        #expect(report.summary.hasPrefix("pass: latency_p95 of r2 is 120 ms over the last 30s (static, 2000 samples), within the SLO of 200 ms; "))
    }

    @Test func failureNamesMetricValueObjectiveAndWindow() async {
        var readings = Self.healthy
        readings[1] = .of(Self.r2, .latencyP95, 0.250, samples: 2000, source: "instance /metrics")
        readings[5] = MetricReading(.queueLength, subject: "email", value: 140, source: "redis LLEN")
        let outcome = await Self.engine(readings).analyze(Self.request(), targets: [])
        #expect(outcome == .fail("latency_p95 of r2 is 250 ms over the last 30s (instance /metrics, 2000 samples), above the SLO of 200 ms; "
            + "queue_length of email is 140 over the last 30s (redis LLEN), at or above the SLO of 100"))
    }

    @Test func cacheHitRateInTheWarningBandStillPasses() async {
        var readings = Self.healthy
        readings[4] = MetricReading(.cacheHitRate, subject: "redis", value: 0.75, samples: 800, source: "redis")
        let report = await Self.engine(readings).evaluate(Self.request(), targets: [])
        #expect(report.outcome == .pass)
        #expect(report.summary.contains("warning: cache_hit_rate of redis is 75.0%"))
    }

    /// An engine whose configuration asks Prometheus for latency_p95 (the sources stand in for it and for
    /// the instances' pages).
    static func prometheusEngine(prometheus: [MetricReading], problems: [String] = []) -> AnalysisEngine {
        let settings = PrometheusQuerySource.Settings(port: 9, queries: [.latencyP95: "x"])
        return AnalysisEngine(configuration: AnalysisConfiguration(service: "api", prometheus: settings), sources: [
            StaticMetricSource(name: "instance /metrics", readings: [.of(r2, .latencyP95, 0.120, samples: 400, source: "instance /metrics")]),
            StaticMetricSource(name: PrometheusQuerySource.sourceName, readings: prometheus, problems: problems, measures: [.latencyP95]),
        ])
    }

    @Test func aMetricPrometheusHasAQueryForIsJudgedOnPrometheusAlone() async {
        // 300 ms: over the SLO, under the clear-breach margin (2x), so the plain failure with its source.
        let slow = MetricReading.of(Self.r2, .latencyP95, 0.300, samples: 400, source: PrometheusQuerySource.sourceName)
        let outcome = await Self.prometheusEngine(prometheus: [slow]).analyze(Self.request(metrics: [.latencyP95], compare: false), targets: [])
        #expect(outcome == .fail("latency_p95 of r2 is 300 ms over the last 30s (prometheus, 400 samples), above the SLO of 200 ms"))
    }

    @Test func noDataFromPrometheusIsInconclusiveEvenWhenAnotherSourceHasSome() async {
        let problem = "Prometheus has no data for latency_p95 of r2 over the last 30s"
        let fast = RequestSamples(latencies: Array(repeating: 0.02, count: 400), requests: 400, errors: 0)
        let outcome = await Self.prometheusEngine(prometheus: [], problems: [problem])
            .analyze(Self.request(metrics: [.latencyP95], compare: false), targets: [], requestSamples: [Self.r2: fast])
        #expect(outcome == .inconclusive("no data for latency_p95 of r2 over the last 30s (\(problem))"))
    }

    @Test func noDataIsNeverAPass() async {
        let report = await Self.engine([], problems: ["cannot scrape api-r2-1 of r2 (connection refused by 127.0.0.1:9)"], measures: [.errorRate, .latencyP95])
            .evaluate(Self.request(metrics: [.errorRate, .latencyP95]), targets: [])
        #expect(report.outcome == .inconclusive("no data for error_rate, latency_p95 of r2 over the last 30s (cannot scrape api-r2-1 of r2 (connection refused by 127.0.0.1:9))"))
    }

    @Test func tooFewRequestsIsInconclusive() async {
        let readings: [MetricReading] = [.of(Self.r2, .errorRate, 0, samples: 12, source: "instance /metrics")]
        let outcome = await Self.engine(readings).analyze(Self.request(metrics: [.errorRate]), targets: [])
        #expect(outcome == .inconclusive("error_rate: 12 request(s) reached r2 over the last 30s (instance /metrics); at least 50 needed"))
    }

    @Test func failureOutranksMissingData() async {
        let readings: [MetricReading] = [.of(Self.r2, .errorRate, 0.2, samples: 500, source: "static")]
        let outcome = await Self.engine(readings, measures: [.errorRate, .cpu]).analyze(Self.request(metrics: [.errorRate, .cpu]), targets: [])
        // 100 errors in 500 requests against a 0.1 % objective: a clear breach.
        guard case .breach(let reason) = outcome else { Issue.record("expected a clear breach, got \(outcome)"); return }
        #expect(reason.hasPrefix("error_rate of r2 is 20.00%"))
    }

    @Test func metricsWithoutASourceAreListedNotJudged() async {
        let readings = Array(Self.healthy.prefix(3))
        let report = await Self.engine(readings).evaluate(Self.request(), targets: [])
        #expect(report.outcome == .pass)
        #expect(report.notMeasured == ["cache_hit_rate (no Redis configured)", "queue_length (no Redis queues configured)",
                                       "cpu (the platform reads no CPU counters and there is no Prometheus)", "redis_memory (no Redis configured)"])
    }

    @Test func workerServicesAreNotJudgedOnHTTPMetrics() async {
        let report = await Self.engine([.of(Self.r2, .cpu, 0.75, samples: 1, source: "/proc")], role: .worker)
            .evaluate(Self.request(metrics: [.errorRate, .cpu]), targets: [])
        #expect(report.outcome == .pass)  // 75 % is within the workers' 80 %
        #expect(report.notMeasured == ["error_rate (worker services serve no HTTP)"])
    }

    @Test func aBreachTheStableSharesWarnsAndAWorseOneFails() async {
        var random = SeededRandom(seed: 21)
        let stable = (0..<400).map { _ in random.logNormal(median: 0.200, sigma: 0.3) }
        let same = (0..<400).map { _ in random.logNormal(median: 0.200, sigma: 0.3) }
        let worse = (0..<400).map { _ in random.logNormal(median: 0.320, sigma: 0.3) }
        let engine = AnalysisEngine(configuration: AnalysisConfiguration(service: "api"), sources: [])
        for (canary, passes) in [(same, true), (worse, false)] {
            let samples = [Self.r1: RequestSamples(latencies: stable, requests: 400, errors: 0), Self.r2: RequestSamples(latencies: canary, requests: 400, errors: 0)]
            let report = await engine.evaluate(Self.request(metrics: [.latencyP95]), targets: [], requestSamples: samples)
            // P95 ~ 330 ms for both: the host is slow, not the release.
            #expect((report.outcome == .pass) == passes, "\(report.summary)")
            #expect(report.summary.contains("stable r1 breached it too"), "\(report.summary)")
            if passes { #expect(report.summary.contains("does not count against r2")) } else { #expect(report.summary.contains("but r2 is worse")) }
        }
    }

    @Test func slowerCanaryFailsTheComparisonWithNumbers() async {
        var random = SeededRandom(seed: 9)
        let stable = (0..<400).map { _ in random.logNormal(median: 0.040, sigma: 0.3) }
        let canary = (0..<400).map { _ in random.logNormal(median: 0.070, sigma: 0.3) }
        let samples = [Self.r1: RequestSamples(latencies: stable, requests: 400, errors: 0), Self.r2: RequestSamples(latencies: canary, requests: 400, errors: 0)]
        let engine = AnalysisEngine(configuration: AnalysisConfiguration(service: "api"), sources: [])
        let report = await engine.evaluate(Self.request(metrics: [.errorRate, .latencyP95, .latencyP99]), targets: [], requestSamples: samples)
        // Within the SLOs (P95 ~ 115 ms), but clearly slower than stable.
        #expect(report.judgements.allSatisfy { $0.status == .pass })
        guard case .fail(let reason) = report.outcome else { Issue.record("expected a failure, got \(report.outcome)"); return }
        #expect(reason.hasPrefix("latency of r2 is "))
        #expect(reason.contains("for r1"))
        #expect(reason.contains("Mann-Whitney one-sided p="))
        #expect(reason.contains("400 vs 400 samples"))
        #expect(report.comparisons.map(\.finding) == [.worse, .notWorse])
    }

    @Test func histogramsFeedTheComparisonWithoutRequestSamples() async {
        let bounds = [0.025, 0.05, 0.1, 0.2, 0.5]
        var random = SeededRandom(seed: 10)
        let fast = CumulativeHistogram(observations: (0..<300).map { _ in random.logNormal(median: 0.030, sigma: 0.3) }, bounds: bounds)
        let same = CumulativeHistogram(observations: (0..<300).map { _ in random.logNormal(median: 0.030, sigma: 0.3) }, bounds: bounds)
        let source = StaticMetricSource(readings: [.of(Self.r2, .latencyP95, 0.05, samples: 300, source: "static")], latencyHistograms: [Self.r1: fast, Self.r2: same])
        let engine = AnalysisEngine(configuration: AnalysisConfiguration(service: "api"), sources: [source])
        let report = await engine.evaluate(Self.request(metrics: [.latencyP95]), targets: [])
        #expect(report.outcome == .pass)
        #expect(report.comparisons.map(\.finding) == [.notWorse])
    }

    @Test func unusableRedisURLMakesItInconclusive() async {
        let configuration = AnalysisConfiguration(service: "api", instanceMetrics: nil, redisURL: "http://nope")
        #expect(configuration.redis == nil)
        let engine = AnalysisEngine(configuration: configuration, sources: [StaticMetricSource(readings: Self.healthy)])
        let outcome = await engine.analyze(Self.request(), targets: [])
        #expect(outcome == .inconclusive("the Redis URL http://nope is not redis://host[:port][/db]"))
    }

    @Test func configurationBuildsOneSourcePerSetting() {
        let counters = ResourceUsageSourceTests.Counters()
        let all = AnalysisConfiguration(service: "api", resources: (counters, 1), redisURL: "redis://127.0.0.1:6379", queues: ["email", "processing"],
                                        prometheus: .init(port: 9090)).makeSources()
        #expect(all.map(\.name) == ["instance /metrics", "test counters", "redis", "prometheus"])
        let worker = AnalysisConfiguration(service: "worker", role: .worker, resources: (counters, 1)).makeSources()
        #expect(worker.map(\.name) == ["test counters"])
        #expect(AnalysisConfiguration(service: "worker", role: .worker).makeSources().isEmpty)
    }
}

/// Fail-fast in the engine: a clear breach (`ClearBreach`) makes the outcome `.breach`, a borderline failure
/// stays `.fail`, and the stable revision's reading of the same source raises the bar.
struct AnalysisEngineFailFastTests {
    static let r1 = RevisionID("r1"), r2 = RevisionID("r2")

    @Test(arguments: [
        (0.450, 2000, nil, true, "breach"),
        (0.350, 2000, nil, true, "fail"),
        (0.450, 2000, 0.300, true, "fail"),
        (0.450, 2000, nil, false, "fail"),
        (0.450, 40, nil, true, "inconclusive"),
    ] as [(Double, Int, Double?, Bool, String)])
    func latency(p95: Double, samples: Int, stable: Double?, failFast: Bool, expected: String) async {
        var readings: [MetricReading] = [.of(Self.r2, .latencyP95, p95, samples: samples, source: "static")]
        if let stable { readings.append(.of(Self.r1, .latencyP95, stable, samples: 2000, source: "static")) }
        let engine = AnalysisEngine(configuration: AnalysisConfiguration(service: "api"), sources: [StaticMetricSource(readings: readings)])
        let policy = AnalysisPolicy(window: .seconds(5), minSamples: 50, metrics: [.latencyP95], failFast: failFast)
        let outcome = await engine.analyze(AnalysisRequest(purpose: .canaryStep, policy: policy, candidate: Self.r2, baseline: Self.r1), targets: [])
        switch (outcome, expected) {
        case (.breach(let why), "breach"):
            #expect(why.hasSuffix("above the SLO of 200 ms — a clear breach: 2000 requests, at least 2× the SLO of 200 ms"), "\(why)")
        case (.fail, "fail"), (.inconclusive, "inconclusive"): break
        default: Issue.record("expected \(expected), got \(outcome)")
        }
    }

    @Test func aRisingQueueFailsAsQueueLengthBeforeItReachesTheObjective() async {
        let readings = [MetricReading(.queueLength, subject: "email", value: 60, source: "redis LLEN"),
                        MetricReading(.queueGrowth, subject: "email", value: 20, samples: 4, source: "redis LLEN, least squares")]
        let engine = AnalysisEngine(configuration: AnalysisConfiguration(service: "worker-email", role: .worker), sources: [StaticMetricSource(readings: readings)])
        let policy = AnalysisPolicy(window: .seconds(3), metrics: [.queueLength, .cacheHitRate])
        let report = await engine.evaluate(AnalysisRequest(purpose: .betweenBatches, policy: policy, candidate: Self.r2, baseline: Self.r1), targets: [])
        #expect(report.outcome == .fail("queue_length of email is 60 and growing 20.0/s over the last 3s (redis LLEN, least squares): "
            + "at this pace it reaches the SLO of 100 pending within 2 s, inside one more window"))
        #expect(report.notMeasured == ["cache_hit_rate (worker services do not read the cache)"])
    }
}
