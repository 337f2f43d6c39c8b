import Foundation

/// Recent readings of one counter-like thing (a scrape, a CPU time), so that a measurement over a window can
/// subtract the reading taken when the window began. Keeps readings for at most `retention`.
struct ScrapeHistory<Value: Sendable>: Sendable {
    private(set) var entries: [(at: Date, value: Value)] = []
    let retention: TimeInterval

    init(retention: TimeInterval = 15 * 60) { self.retention = retention }

    /// Records a reading and forgets those older than the retention.
    mutating func record(_ value: Value, at date: Date) {
        entries.append((date, value))
        entries.removeAll { date.timeIntervalSince($0.at) > retention }
    }

    /// The reading the window ending at `end` should start from: the newest one taken at or before
    /// `end - window`, or else the oldest one before `end` (a shorter window); `nil` when there is none.
    func baseline(window: TimeInterval, endingAt end: Date) -> (at: Date, value: Value)? {
        let start = end.addingTimeInterval(-window)
        if let covering = entries.last(where: { $0.at <= start }) { return covering }
        return entries.first(where: { $0.at < end })
    }
}
