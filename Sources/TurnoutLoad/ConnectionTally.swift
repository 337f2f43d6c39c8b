import Histogram

/// What one connection counted; merged into a `LoadReport` at the end.
struct ConnectionTally: Sendable {
    var latencyMicros = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    var requests = 0
    var statusClasses: [String: Int] = [:]
    var versions: [String: Int] = [:]
    /// Raw socket errors as they happened, retried or not.
    var socketErrors = 0
    /// Reused connections closed before any response byte whose request was retried.
    var retriedKeepAliveCloses = 0
    /// Requests that ended with no response even after the retry.
    var unrecoveredErrors = 0
    /// Per second since start: version -> responses, plus "failed".
    var timeline: [[String: Int]] = []

    mutating func add(_ other: ConnectionTally) {
        latencyMicros.add(other.latencyMicros)
        requests += other.requests
        statusClasses.merge(other.statusClasses, uniquingKeysWith: +)
        versions.merge(other.versions, uniquingKeysWith: +)
        socketErrors += other.socketErrors
        retriedKeepAliveCloses += other.retriedKeepAliveCloses
        unrecoveredErrors += other.unrecoveredErrors
        if timeline.count < other.timeline.count {
            timeline.append(contentsOf: Array(repeating: [:], count: other.timeline.count - timeline.count))
        }
        for (second, counts) in other.timeline.enumerated() {
            timeline[second].merge(counts, uniquingKeysWith: +)
        }
    }

    mutating func note(second: Int, key: String) {
        if timeline.count <= second { timeline.append(contentsOf: Array(repeating: [:], count: second - timeline.count + 1)) }
        timeline[second][key, default: 0] += 1
    }
}
