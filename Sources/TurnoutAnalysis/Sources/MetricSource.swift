import Foundation
import TurnoutManifest
import TurnoutStrategies

/// Something that measures: instances' `/metrics`, Redis, `/proc`, Prometheus, or fixed values in tests.
/// A source never throws: what it cannot read it reports in the sample's `problems`. Sources that turn
/// counters into rates keep their earlier readings between calls.
public protocol MetricSource: Sendable {
    /// A short name for reasons, e.g. `instance /metrics`.
    var name: String { get }
    /// The manifest metrics this source can measure (as configured).
    var measures: Set<AnalysisPolicy.Metric> { get }
    /// Readings over `request.window` ending at `request.now`.
    func sample(_ request: SampleRequest) async -> MetricSample
}
