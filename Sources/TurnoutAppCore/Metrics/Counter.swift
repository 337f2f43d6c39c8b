import Foundation

/// A monotonically increasing counter with optional labels.
public final class Counter: MetricFamily, @unchecked Sendable {
    public let name: String
    /// Help text.
    public let help: String
    /// Label names; every sample gives one value per name.
    public let labelNames: [String]
    private let lock = NSLock()
    private var values: [[String]: Double] = [:]
    private var order: [[String]] = []

    /// Creates a counter; register it with ``MetricsRegistry``.
    public init(name: String, help: String, labelNames: [String] = []) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        if labelNames.isEmpty { values[[]] = 0; order = [[]] }
    }

    /// Adds `amount` (must be >= 0) to the series with the given label values.
    public func inc(_ amount: Double = 1, labels: [String] = []) {
        precondition(labels.count == labelNames.count, "label count mismatch for \(name)")
        guard amount >= 0 else { return }
        lock.lock()
        if values[labels] == nil { order.append(labels) }
        values[labels, default: 0] += amount
        lock.unlock()
    }

    /// Sets the series to an externally maintained monotonic total (e.g. pool counters read at scrape time).
    public func set(_ total: Double, labels: [String] = []) {
        precondition(labels.count == labelNames.count, "label count mismatch for \(name)")
        lock.lock()
        if values[labels] == nil { order.append(labels) }
        values[labels] = total
        lock.unlock()
    }

    /// Current value of one series.
    public func value(labels: [String] = []) -> Double {
        lock.lock(); defer { lock.unlock() }
        return values[labels] ?? 0
    }

    public func render(into output: inout String) {
        lock.lock(); defer { lock.unlock() }
        output += PrometheusText.header(name, help, "counter")
        for labels in order {
            output += "\(name)\(PrometheusText.labels(labelNames, labels)) \(PrometheusText.value(values[labels] ?? 0))\n"
        }
    }
}
