/// A parsed Prometheus text page: its samples in order, the families declared by HELP/TYPE lines, and the
/// lines that could not be read.
public struct PrometheusDocument: Sendable, Hashable {
    /// Every sample, in page order.
    public var samples: [PrometheusSample]
    /// Families by name, from `# HELP` and `# TYPE` lines.
    public var families: [String: PrometheusFamily]
    /// Malformed lines (skipped).
    public var issues: [PrometheusIssue]

    /// Creates a document.
    public init(samples: [PrometheusSample] = [], families: [String: PrometheusFamily] = [:], issues: [PrometheusIssue] = []) {
        self.samples = samples
        self.families = families
        self.issues = issues
    }

    /// The samples named `name` whose labels include every pair of `matching`.
    public func samples(named name: String, matching: [String: String] = [:]) -> [PrometheusSample] {
        samples.filter { sample in
            sample.name == name && matching.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The sum of the values of the samples named `name` matching `matching`; `nil` when there are none.
    public func sum(of name: String, matching: [String: String] = [:]) -> Double? {
        let found = samples(named: name, matching: matching)
        return found.isEmpty ? nil : found.reduce(0) { $0 + $1.value }
    }

    /// The histograms of family `name` (from `name_bucket`, `name_sum`, `name_count`), one per label set
    /// (the labels without `le`), restricted to samples matching `matching`.
    public func histograms(named name: String, matching: [String: String] = [:]) -> [[String: String]: CumulativeHistogram] {
        var buckets: [[String: String]: [CumulativeHistogram.Bucket]] = [:]
        var sums: [[String: String]: Double] = [:]
        var counts: [[String: String]: Double] = [:]
        for sample in samples where matching.allSatisfy({ sample.labels[$0.key] == $0.value }) {
            switch sample.name {
            case name + "_bucket":
                guard let text = sample.labels["le"], let bound = PrometheusText.parseValue(text), !bound.isNaN else { continue }
                var labels = sample.labels
                labels["le"] = nil
                buckets[labels, default: []].append(.init(upperBound: bound, count: sample.value))
            case name + "_sum":
                sums[sample.labels] = sample.value
            case name + "_count":
                counts[sample.labels] = sample.value
            default:
                continue
            }
        }
        var result: [[String: String]: CumulativeHistogram] = [:]
        for (labels, list) in buckets {
            result[labels] = CumulativeHistogram(buckets: list, sum: sums[labels], count: counts[labels])
        }
        return result
    }
}
