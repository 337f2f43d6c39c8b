/// The fields of a Redis `INFO` reply: `key:value` lines grouped under `# Section` headers.
public struct RedisInfo: Sendable, Hashable {
    /// Every field, by name (names are unique across sections).
    public var fields: [String: String]

    /// Parses the text of an `INFO` reply; comment and malformed lines are skipped.
    public init(_ text: String) {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { continue }
            fields[String(trimmed[..<colon])] = String(trimmed[trimmed.index(after: colon)...])
        }
        self.fields = fields
    }

    /// A numeric field.
    public func number(_ name: String) -> Double? { fields[name].flatMap { Double($0) } }

    /// `keyspace_hits`.
    public var keyspaceHits: Double? { number("keyspace_hits") }
    /// `keyspace_misses`.
    public var keyspaceMisses: Double? { number("keyspace_misses") }
    /// `used_memory` in bytes.
    public var usedMemory: Double? { number("used_memory") }
    /// `maxmemory` in bytes (0 = no limit).
    public var maxMemory: Double? { number("maxmemory") }
    /// `total_system_memory` in bytes.
    public var totalSystemMemory: Double? { number("total_system_memory") }
    /// `run_id`: changes when the server restarts.
    public var runID: String? { fields["run_id"] }
}
