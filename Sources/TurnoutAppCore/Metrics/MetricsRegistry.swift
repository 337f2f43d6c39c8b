import Foundation

/// Holds metric families and renders them in registration order.
public final class MetricsRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var families: [any MetricFamily] = []

    /// Creates an empty registry.
    public init() {}

    /// Registers and returns a metric.
    @discardableResult
    public func register<M: MetricFamily>(_ metric: M) -> M {
        lock.lock(); defer { lock.unlock() }
        precondition(!families.contains(where: { $0.name == metric.name }), "duplicate metric \(metric.name)")
        families.append(metric)
        return metric
    }

    /// Creates and registers a counter.
    public func counter(_ name: String, help: String, labels: [String] = []) -> Counter {
        register(Counter(name: name, help: help, labelNames: labels))
    }

    /// Creates and registers a gauge.
    public func gauge(_ name: String, help: String, labels: [String] = []) -> Gauge {
        register(Gauge(name: name, help: help, labelNames: labels))
    }

    /// Creates and registers a histogram.
    public func histogram(_ name: String, help: String, labels: [String] = [],
                          buckets: [Double] = Histogram.latencyBuckets) -> Histogram {
        register(Histogram(name: name, help: help, labelNames: labels, buckets: buckets))
    }

    /// The whole registry in Prometheus text format (version 0.0.4).
    public func render() -> String {
        lock.lock()
        let snapshot = families
        lock.unlock()
        var output = ""
        for family in snapshot { family.render(into: &output) }
        return output
    }

    /// Content type of ``render()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
