/// One sample line of a Prometheus text page: `name{label="value",...} value [timestamp]`.
public struct PrometheusSample: Sendable, Hashable {
    /// The metric name, e.g. `http_request_duration_seconds_bucket`.
    public var name: String
    /// The labels, by name (label names are unique within a sample).
    public var labels: [String: String]
    /// The value; may be `+Inf`, `-Inf` or NaN.
    public var value: Double
    /// The optional timestamp, in milliseconds since the Unix epoch.
    public var timestamp: Int64?

    /// Creates a sample.
    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Int64? = nil) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    /// Equality that treats two NaN values as equal (samples compare by what they say, not IEEE rules).
    public static func == (lhs: PrometheusSample, rhs: PrometheusSample) -> Bool {
        lhs.name == rhs.name && lhs.labels == rhs.labels && lhs.timestamp == rhs.timestamp
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }

    /// Hashes name, labels and timestamp (the value is left out so that NaN hashes consistently).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(labels)
        hasher.combine(timestamp)
    }
}
