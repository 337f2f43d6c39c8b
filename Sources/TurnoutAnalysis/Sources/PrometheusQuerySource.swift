import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// Asks a Prometheus server: one instant query (`GET /api/v1/query?query=...&time=...`) per metric, and per
/// revision for queries that mention `{{revision}}`. A query must answer a scalar or a one-series vector; an
/// empty vector or NaN (e.g. a quantile over no requests) is no data, reported as a problem.
public struct PrometheusQuerySource: MetricSource {
    /// Where the server is and what to ask it.
    public struct Settings: Sendable, Hashable {
        /// The server's host (loopback in tests).
        public var host: String
        /// The server's port.
        public var port: Int
        /// The query per metric. `.requests` (when given) supplies the sample count of a revision's readings.
        public var queries: [MetricName: PromQLTemplate]
        /// How long one query may take.
        public var timeout: TimeSpan

        /// Creates settings.
        public init(host: String = "127.0.0.1", port: Int = 9090, queries: [MetricName: PromQLTemplate] = Self.defaultQueries, timeout: TimeSpan = .seconds(3)) {
            self.host = host
            self.port = port
            self.queries = queries
            self.timeout = timeout
        }

        /// Queries for the bundled API's request histogram and cache counters when Prometheus labels its series
        /// with `revision` and `service` (as Turnout's `file_sd` targets do).
        public static let defaultQueries: [MetricName: PromQLTemplate] = [
            .requests: #"sum(increase(http_request_duration_seconds_count{service="{{service}}",revision="{{revision}}"}[{{window}}]))"#,
            // A revision that never answered 5xx has no 5xx series: that is 0, not "no data".
            .errorRate: #"(sum(rate(http_request_duration_seconds_count{service="{{service}}",revision="{{revision}}",status="5xx"}[{{window}}])) or vector(0)) / sum(rate(http_request_duration_seconds_count{service="{{service}}",revision="{{revision}}"}[{{window}}]))"#,
            .latencyP95: #"histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="{{service}}",revision="{{revision}}",status!="5xx"}[{{window}}])))"#,
            .latencyP99: #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{{service}}",revision="{{revision}}",status!="5xx"}[{{window}}])))"#,
            .cacheHitRate: #"sum(rate(cache_hits_total{service="{{service}}",revision="{{revision}}"}[{{window}}])) / (sum(rate(cache_hits_total{service="{{service}}",revision="{{revision}}"}[{{window}}])) + sum(rate(cache_misses_total{service="{{service}}",revision="{{revision}}"}[{{window}}])))"#,
        ]
    }

    /// The source's name, which its readings carry as their `source`.
    public static let sourceName = "prometheus"

    public let name = Self.sourceName
    public var measures: Set<AnalysisPolicy.Metric> { Set(settings.queries.keys.compactMap(\.policyMetric)) }
    /// The settings.
    public var settings: Settings

    /// Creates the source.
    public init(settings: Settings) { self.settings = settings }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        var sample = MetricSample(timestamp: request.now)
        let revisions = request.allRevisions
        for (metric, template) in settings.queries.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let subjects: [RevisionID?] = template.mentionsRevision ? revisions : [nil]
            for revision in subjects {
                let query = template.render(revision: revision?.rawValue, service: request.service, window: request.window)
                switch await instant(query, at: request.now) {
                case .failure(let failure):
                    sample.problems.append("Prometheus query for \(metric.rawValue)\(revision.map { " of \($0)" } ?? "") failed: \(failure.description)")
                case .success(let value):
                    guard let value, !value.isNaN else {
                        sample.problems.append("Prometheus has no data for \(metric.rawValue)\(revision.map { " of \($0)" } ?? "") over the last \(request.window)")
                        continue
                    }
                    let subject = revision?.rawValue ?? (request.service.isEmpty ? Self.sourceName : request.service)
                    sample.readings.append(MetricReading(metric, subject: subject, revision: revision, value: value, source: name))
                }
            }
        }
        // A revision's request count is the sample size of its other readings.
        for index in sample.readings.indices {
            guard let revision = sample.readings[index].revision,
                  let count = sample.readings.first(where: { $0.name == .requests && $0.revision == revision })?.value else { continue }
            sample.readings[index].samples = Int(count.rounded())
        }
        return sample
    }

    /// Runs one instant query: its single value, `nil` for an empty vector.
    public func instant(_ query: String, at time: Date? = nil) async -> Result<Double?, SourceFailure> {
        var path = "/api/v1/query?query=" + PromQLTemplate.urlEncode(query)
        if let time { path += "&time=" + String(format: "%.3f", time.timeIntervalSince1970) }
        switch await HTTPFetch.get(host: settings.host, port: settings.port, path: path, timeout: settings.timeout) {
        case .failure(let failure):
            return .failure(SourceFailure(failure.description))
        case .success(let response):
            switch PrometheusQueryResult.decode(response.body) {
            case .failure(let failure):
                return .failure(SourceFailure("HTTP \(response.status), \(failure.description)"))
            case .success(.scalar(let value)):
                return .success(value)
            case .success(.vector(let elements)):
                if elements.isEmpty { return .success(nil) }
                guard elements.count == 1 else {
                    return .failure(SourceFailure("the query answered \(elements.count) series; aggregate it to one (e.g. sum or max)"))
                }
                return .success(elements[0].value)
            }
        }
    }
}
