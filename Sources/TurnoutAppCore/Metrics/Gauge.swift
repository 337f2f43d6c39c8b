import Foundation

/// A value that can go up and down, with optional labels.
public final class Gauge: MetricFamily, @unchecked Sendable {
    public let name: String
    /// Help text.
    public let help: String
    /// Label names; every sample gives one value per name.
    public let labelNames: [String]
    private let lock = NSLock()
    private var values: [[String]: Double] = [:]
    private var order: [[String]] = []

    /// Creates a gauge; register it with ``MetricsRegistry``.
    public init(name: String, help: String, labelNames: [String] = []) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        if labelNames.isEmpty { values[[]] = 0; order = [[]] }
    }

    /// Sets the series to `value`.
    public func set(_ value: Double, labels: [String] = []) {
        update(labels) { _ in value }
    }

    /// Adds `amount` (may be negative).
    public func add(_ amount: Double, labels: [String] = []) {
        update(labels) { $0 + amount }
    }

    /// Current value of one series.
    public func value(labels: [String] = []) -> Double {
        lock.lock(); defer { lock.unlock() }
        return values[labels] ?? 0
    }

    private func update(_ labels: [String], _ change: (Double) -> Double) {
        precondition(labels.count == labelNames.count, "label count mismatch for \(name)")
        lock.lock()
        if values[labels] == nil { order.append(labels) }
        values[labels] = change(values[labels] ?? 0)
        lock.unlock()
    }

    public func render(into output: inout String) {
        lock.lock(); defer { lock.unlock() }
        output += PrometheusText.header(name, help, "gauge")
        for labels in order {
            output += "\(name)\(PrometheusText.labels(labelNames, labels)) \(PrometheusText.value(values[labels] ?? 0))\n"
        }
    }
}
