import Foundation

/// The outcome of a load run: throughput, latency percentiles, failures as clients see them, raw socket
/// errors, and which release version answered, second by second.
public struct LoadReport: Codable, Sendable {
    /// Requests that got a response.
    public var responses: Int
    /// Seconds the run lasted.
    public var seconds: Double
    /// Responses per second.
    public var requestsPerSecond: Double
    /// Latency percentiles in milliseconds.
    public var p50Milliseconds: Double
    public var p95Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double
    /// Responses by status class (`2xx`, `5xx`...).
    public var statusClasses: [String: Int]
    /// Responses that were not 2xx.
    public var non2xx: Int
    /// Socket errors as a non-retrying client (wrk) sees them.
    public var socketErrors: Int
    /// Keep-alive closes recovered by one retry.
    public var retriedKeepAliveCloses: Int
    /// Requests that failed as a retrying client sees them: non-2xx plus errors the retry did not recover.
    public var failedRequests: Int
    /// Responses by `X-Turnout-Version` (`none` when absent).
    public var versions: [String: Int]
    /// Per second: version -> responses, and `failed`.
    public var timeline: [[String: Int]]

    /// The failed share of all requests.
    public var failureRate: Double {
        let total = responses + failedRequests - non2xx
        return total == 0 ? 0 : Double(failedRequests) / Double(total)
    }

    /// The versions that answered during the last `seconds` seconds.
    public func versions(inLast seconds: Int) -> [String: Int] {
        timeline.suffix(seconds).reduce(into: [:]) { result, counts in
            for (key, count) in counts where key != "failed" { result[key, default: 0] += count }
        }
    }

    /// A few lines for people.
    public var text: String {
        let versionText = versions.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return """
            \(responses) responses in \(String(format: "%.1f", seconds)) s: \(String(format: "%.0f", requestsPerSecond)) req/s
            latency p50 \(String(format: "%.2f", p50Milliseconds)) ms, p95 \(String(format: "%.2f", p95Milliseconds)) ms, p99 \(String(format: "%.2f", p99Milliseconds)) ms, max \(String(format: "%.2f", maxMilliseconds)) ms
            failed requests (retrying client): \(failedRequests) (non-2xx \(non2xx)); raw socket errors: \(socketErrors); keep-alive closes retried: \(retriedKeepAliveCloses)
            versions: \(versionText.isEmpty ? "none" : versionText)
            """
    }

    init(tally: ConnectionTally, seconds: Double) {
        responses = tally.requests
        self.seconds = seconds
        requestsPerSecond = seconds > 0 ? Double(tally.requests) / seconds : 0
        let histogram = tally.latencyMicros
        p50Milliseconds = Double(histogram.valueAtPercentile(50)) / 1000
        p95Milliseconds = Double(histogram.valueAtPercentile(95)) / 1000
        p99Milliseconds = Double(histogram.valueAtPercentile(99)) / 1000
        maxMilliseconds = Double(histogram.max) / 1000
        statusClasses = tally.statusClasses
        non2xx = tally.statusClasses.filter { $0.key != "2xx" }.values.reduce(0, +)
        socketErrors = tally.socketErrors
        retriedKeepAliveCloses = tally.retriedKeepAliveCloses
        failedRequests = non2xx + tally.unrecoveredErrors
        versions = tally.versions
        timeline = tally.timeline
    }
}
