/// Request coalescing: one operation per key runs at a time, and callers that ask for the same key while it
/// runs share its result instead of starting their own. In front of a cache fill, it turns a stampede (a
/// popular key expires or is invalidated while thousands of requests want it, and every one of them queries
/// the database) into a single query: the 10,000-connection benchmark answered half its requests 503 before,
/// waiting on a 10-connection Postgres pool for the same few rows.
public actor SingleFlight<Value: Sendable> {
    private var flights: [String: Task<Value, any Error>] = [:]
    private var coalesced = 0

    /// Creates an empty group.
    public init() {}

    /// Runs `operation` for `key`, or waits for the run already in flight for it; returns the value and
    /// whether it was shared. The operation runs to its end even if the caller that started it is
    /// cancelled, since others may be waiting for it; an error reaches every caller of that flight.
    public func run(_ key: String, _ operation: @escaping @Sendable () async throws -> Value) async throws -> (value: Value, shared: Bool) {
        if let flight = flights[key] {
            coalesced += 1
            return (try await flight.value, true)
        }
        let flight = Task { try await operation() }
        flights[key] = flight
        defer { flights[key] = nil }
        return (try await flight.value, false)
    }

    /// Callers that shared another's flight so far.
    public var sharedCount: Int { coalesced }

    /// Keys with a flight running now.
    public var inFlight: Int { flights.count }
}
