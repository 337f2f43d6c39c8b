import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// Scrapes each instance's `/metrics` page and, per revision, turns the request-duration histogram into
/// request rate, error rate (5xx share), P50/P95/P99 latency and the window's latency histogram.
///
/// The bundled API exposes `http_request_duration_seconds{method,route,status}` with `status` a class
/// (`2xx`, `4xx`, `5xx`). Each instance's scrapes are kept; a window subtracts the scrape taken when it
/// began (or the oldest one kept). An instance with no earlier scrape, or one whose counters went down (it
/// restarted), counts everything since it started, as Prometheus's `increase` does after a reset.
public actor InstanceMetricsSource: MetricSource {
    /// Where and what to scrape.
    public struct Settings: Sendable, Hashable {
        /// The histogram family name.
        public var histogram: String
        /// The label holding the status class.
        public var statusLabel: String
        /// The label holding the route; requests to `excludedRoutes` are left out (health probes).
        public var routeLabel: String
        /// Routes left out of every figure.
        public var excludedRoutes: Set<String>
        /// The path of the metrics page.
        public var path: String
        /// How long one scrape may take.
        public var timeout: TimeSpan

        /// Creates settings; the defaults fit the bundled API.
        public init(
            histogram: String = "http_request_duration_seconds", statusLabel: String = "status", routeLabel: String = "route",
            excludedRoutes: Set<String> = [], path: String = "/metrics", timeout: TimeSpan = .seconds(2)
        ) {
            self.histogram = histogram
            self.statusLabel = statusLabel
            self.routeLabel = routeLabel
            self.excludedRoutes = excludedRoutes
            self.path = path
            self.timeout = timeout
        }
    }

    /// One scrape of one instance: its histograms by label set (without `le`), and its cache counters.
    struct Scrape: Sendable {
        var series: [[String: String]: CumulativeHistogram]
        var cacheHits: Double?
        var cacheMisses: Double?
    }

    public nonisolated let name = "instance /metrics"
    public nonisolated var measures: Set<AnalysisPolicy.Metric> { [.errorRate, .latencyP95, .latencyP99, .cacheHitRate] }
    /// The settings.
    public let settings: Settings
    private var history: [String: ScrapeHistory<Scrape>] = [:]

    /// Creates the source.
    public init(settings: Settings = Settings()) { self.settings = settings }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        let wanted = Set(request.allRevisions)
        let targets = request.targets.filter { $0.endpoint != nil && (wanted.isEmpty || wanted.contains($0.revision)) }
        let settings = self.settings
        let fetched = await withTaskGroup(of: (InstanceTarget, Result<Scrape, SourceFailure>).self) { group in
            for target in targets {
                group.addTask { (target, await Self.scrape(target, settings: settings)) }
            }
            var results: [(InstanceTarget, Result<Scrape, SourceFailure>)] = []
            for await result in group { results.append(result) }
            return results
        }
        var problems: [String] = []
        var windows: [RevisionID: RequestWindow] = [:]
        var lookups: [RevisionID: (hits: Double, misses: Double)] = [:]
        var seconds: [RevisionID: Double] = [:]
        var sinceStart: Set<RevisionID> = []
        for (target, result) in fetched.sorted(by: { $0.0.id < $1.0.id }) {
            switch result {
            case .failure(let failure):
                problems.append("cannot scrape \(target.id) of \(target.revision) (\(failure.description))")
            case .success(let scrape):
                let key = "\(target.id)@\(target.endpoint.map(\.description) ?? "")"
                if target.isWarmingUp(at: request.now) {
                    // Only remembered, so that its first counted window starts here rather than at its start.
                    history[key, default: ScrapeHistory(retention: max(900, request.window.seconds * 4))].record(scrape, at: request.now)
                    continue
                }
                let baseline = history[key]?.baseline(window: request.window(for: target).seconds, endingAt: request.now)
                var deltas: [[String: String]: CumulativeHistogram] = [:]
                var restarted = baseline == nil
                for (labels, histogram) in scrape.series {
                    let before = baseline?.value.series[labels]
                    if let before, before.isReset(by: histogram) { restarted = true }
                    deltas[labels] = histogram.delta(since: before)
                }
                if restarted { sinceStart.insert(target.revision) }
                if let hits = scrape.cacheHits, let misses = scrape.cacheMisses {
                    let before = baseline?.value
                    // A counter that went down belongs to a restarted instance: count from its start.
                    let dh = before?.cacheHits.map { hits >= $0 ? hits - $0 : hits } ?? hits
                    let dm = before?.cacheMisses.map { misses >= $0 ? misses - $0 : misses } ?? misses
                    let sum = lookups[target.revision] ?? (0, 0)
                    lookups[target.revision] = (sum.hits + dh, sum.misses + dm)
                }
                windows[target.revision] = (windows[target.revision] ?? .empty) + RequestWindow.from(deltas, statusLabel: settings.statusLabel)
                let span = baseline.map { request.now.timeIntervalSince($0.at) } ?? request.window.seconds
                seconds[target.revision] = max(seconds[target.revision] ?? 0, span)
                history[key, default: ScrapeHistory(retention: max(900, request.window.seconds * 4))].record(scrape, at: request.now)
            }
        }
        var sample = MetricSample(timestamp: request.now, problems: problems)
        for revision in windows.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let window = windows[revision] else { continue }
            let source = sinceStart.contains(revision) ? "\(name) (counts since instance start)" : name
            sample.readings += Self.readings(revision, window, seconds: seconds[revision] ?? request.window.seconds, source: source)
            if let (hits, misses) = lookups[revision], hits + misses > 0 {
                let total = Int((hits + misses).rounded())
                sample.readings.append(.of(revision, .cacheHitRate, hits / (hits + misses), samples: total, source: source + " cache_hits/misses_total"))
            }
            sample.latencyHistograms[revision] = window.latency
        }
        return sample
    }

    /// Readings of one revision's window.
    static func readings(_ revision: RevisionID, _ window: RequestWindow, seconds: Double, source: String) -> [MetricReading] {
        let requests = Int(window.requests.rounded())
        var readings = [MetricReading.of(revision, .requests, window.requests, samples: requests, source: source)]
        if seconds > 0 { readings.append(.of(revision, .requestRate, window.requests / seconds, samples: requests, source: source)) }
        if let share = window.errorShare { readings.append(.of(revision, .errorRate, share, samples: requests, source: source)) }
        let answered = Int(window.latency.total.rounded())
        for (name, q) in [(MetricName.latencyP50, 0.5), (.latencyP95, 0.95), (.latencyP99, 0.99)] {
            if let value = window.latency.quantile(q) { readings.append(.of(revision, name, value, samples: answered, source: source)) }
        }
        return readings
    }

    /// Fetches and parses one instance's page.
    static func scrape(_ target: InstanceTarget, settings: Settings) async -> Result<Scrape, SourceFailure> {
        guard let endpoint = target.endpoint else { return .failure(SourceFailure("no endpoint")) }
        switch await HTTPFetch.get(host: endpoint.host, port: endpoint.port, path: settings.path, timeout: settings.timeout) {
        case .failure(let failure):
            return .failure(SourceFailure(failure.description))
        case .success(let response):
            guard response.status == 200 else {
                return .failure(SourceFailure("\(settings.path) answered \(response.status)"))
            }
            return .success(parse(response.text, settings: settings))
        }
    }

    /// The histograms of a page, leaving out excluded routes.
    static func parse(_ text: String, settings: Settings) -> Scrape {
        let document = PrometheusText.parse(text)
        let series = document.histograms(named: settings.histogram).filter { labels, _ in
            guard let route = labels[settings.routeLabel] else { return true }
            return !settings.excludedRoutes.contains(route)
        }
        func total(_ name: String) -> Double? {
            let values = document.samples.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.reduce(0, +)
        }
        return Scrape(series: series, cacheHits: total("cache_hits_total"), cacheMisses: total("cache_misses_total"))
    }
}
