import Foundation
import TurnoutManifest
import TurnoutStrategies

/// A source of fixed readings, for unit tests and dry runs. Answers with its readings (and problems),
/// stamped with the request's time; readings of revisions not asked about are left out.
public struct StaticMetricSource: MetricSource {
    /// The source's name.
    public var name: String
    /// What it answers.
    public var readings: [MetricReading]
    /// Latency histograms it answers.
    public var latencyHistograms: [RevisionID: CumulativeHistogram]
    /// Problems it reports.
    public var problems: [String]
    /// The metrics it claims to measure; by default those of its readings.
    public var declaredMetrics: Set<AnalysisPolicy.Metric>?

    /// Creates a static source.
    public init(name: String = "static", readings: [MetricReading] = [], latencyHistograms: [RevisionID: CumulativeHistogram] = [:], problems: [String] = [], measures: Set<AnalysisPolicy.Metric>? = nil) {
        self.name = name
        self.readings = readings
        self.latencyHistograms = latencyHistograms
        self.problems = problems
        declaredMetrics = measures
    }

    public var measures: Set<AnalysisPolicy.Metric> { declaredMetrics ?? Set(readings.compactMap(\.name.policyMetric)) }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        let wanted = Set(request.allRevisions)
        let keep: (RevisionID?) -> Bool = { revision in revision == nil || wanted.isEmpty || wanted.contains(revision!) }
        return MetricSample(
            timestamp: request.now, readings: readings.filter { keep($0.revision) },
            latencyHistograms: latencyHistograms.filter { keep($0.key) }, problems: problems)
    }
}
