import TurnoutStrategies

/// One measured value: which metric, of what (a revision, a queue, Redis), over how many samples.
public struct MetricReading: Sendable, Hashable {
    /// What was measured.
    public var name: MetricName
    /// Of what: a revision id, a queue name, `redis`.
    public var subject: String
    /// The revision the value belongs to, when it belongs to one.
    public var revision: RevisionID?
    /// The value, in the metric's unit (seconds, fractions, counts, bytes).
    public var value: Double
    /// The number of observations behind the value (requests, cache lookups), when it has one.
    public var samples: Int?
    /// Where it came from or how it was computed, e.g. `instance /metrics`, `since process start`.
    public var source: String

    /// Creates a reading.
    public init(_ name: MetricName, subject: String, revision: RevisionID? = nil, value: Double, samples: Int? = nil, source: String) {
        self.name = name
        self.subject = subject
        self.revision = revision
        self.value = value
        self.samples = samples
        self.source = source
    }

    /// A reading of a revision's metric (subject = the revision id).
    public static func of(_ revision: RevisionID, _ name: MetricName, _ value: Double, samples: Int? = nil, source: String) -> MetricReading {
        MetricReading(name, subject: revision.rawValue, revision: revision, value: value, samples: samples, source: source)
    }
}
