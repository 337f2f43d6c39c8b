import Foundation
import TurnoutStrategies

/// What one or more sources saw at one moment: readings over the window ending at `timestamp`, the latency
/// distributions behind the latency readings, and what could not be read.
public struct MetricSample: Sendable {
    /// The end of the window.
    public var timestamp: Date
    /// The readings.
    public var readings: [MetricReading]
    /// Per revision, the window's latency histogram of answered requests (for rank comparisons).
    public var latencyHistograms: [RevisionID: CumulativeHistogram]
    /// Sources or parts of sources that could not be read, in words.
    public var problems: [String]

    /// Creates a sample.
    public init(timestamp: Date, readings: [MetricReading] = [], latencyHistograms: [RevisionID: CumulativeHistogram] = [:], problems: [String] = []) {
        self.timestamp = timestamp
        self.readings = readings
        self.latencyHistograms = latencyHistograms
        self.problems = problems
    }

    /// The readings of `name`, optionally only those of `revision`.
    public func readings(_ name: MetricName, revision: RevisionID? = nil) -> [MetricReading] {
        readings.filter { $0.name == name && (revision == nil || $0.revision == revision) }
    }

    /// The first reading of `name` for `revision`.
    public func reading(_ name: MetricName, revision: RevisionID) -> MetricReading? {
        readings.first { $0.name == name && $0.revision == revision }
    }

    /// All samples together, stamped with the latest timestamp (histograms of a revision are added).
    public static func merged(_ samples: [MetricSample], at timestamp: Date? = nil) -> MetricSample {
        var merged = MetricSample(timestamp: timestamp ?? samples.map(\.timestamp).max() ?? Date())
        for sample in samples {
            merged.readings += sample.readings
            merged.problems += sample.problems
            for (revision, histogram) in sample.latencyHistograms {
                merged.latencyHistograms[revision] = merged.latencyHistograms[revision].map { $0 + histogram } ?? histogram
            }
        }
        return merged
    }
}
