import Foundation

/// A Prometheus histogram: cumulative buckets, sum and count per label set.
public final class Histogram: MetricFamily, @unchecked Sendable {
    /// Default latency buckets (seconds), resolving P95/P99 between 5 ms and 2 s.
    public static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5]

    private struct Series {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    public let name: String
    /// Help text.
    public let help: String
    /// Label names; every observation gives one value per name.
    public let labelNames: [String]
    /// Upper bounds of the finite buckets, ascending (`+Inf` is implicit).
    public let buckets: [Double]
    private let lock = NSLock()
    private var series: [[String]: Series] = [:]
    private var order: [[String]] = []

    /// Creates a histogram; register it with ``MetricsRegistry``.
    public init(name: String, help: String, labelNames: [String] = [], buckets: [Double] = Histogram.latencyBuckets) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets.sorted()
    }

    /// Records one observation.
    public func observe(_ value: Double, labels: [String] = []) {
        precondition(labels.count == labelNames.count, "label count mismatch for \(name)")
        let index = buckets.firstIndex(where: { value <= $0 }) ?? buckets.count
        lock.lock()
        if series[labels] == nil {
            series[labels] = Series(counts: Array(repeating: 0, count: buckets.count + 1))
            order.append(labels)
        }
        series[labels]!.counts[index] += 1
        series[labels]!.sum += value
        series[labels]!.count += 1
        lock.unlock()
    }

    /// Number of observations of one series.
    public func count(labels: [String] = []) -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        return series[labels]?.count ?? 0
    }

    public func render(into output: inout String) {
        lock.lock(); defer { lock.unlock() }
        output += PrometheusText.header(name, help, "histogram")
        for labels in order {
            guard let entry = series[labels] else { continue }
            var cumulative: UInt64 = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += entry.counts[index]
                let rendered = PrometheusText.labels(labelNames, labels, extra: ("le", PrometheusText.value(bound)))
                output += "\(name)_bucket\(rendered) \(cumulative)\n"
            }
            cumulative += entry.counts[buckets.count]
            output += "\(name)_bucket\(PrometheusText.labels(labelNames, labels, extra: ("le", "+Inf"))) \(cumulative)\n"
            output += "\(name)_sum\(PrometheusText.labels(labelNames, labels)) \(PrometheusText.value(entry.sum))\n"
            output += "\(name)_count\(PrometheusText.labels(labelNames, labels)) \(entry.count)\n"
        }
    }
}
