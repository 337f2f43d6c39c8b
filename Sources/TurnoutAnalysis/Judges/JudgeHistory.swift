/// Consecutive failures per metric and subject across measurements, for callers that apply a failure limit
/// per metric themselves (the strategies' analysis gate counts failed verdicts as a whole).
public struct JudgeHistory: Sendable, Hashable {
    /// Consecutive failures by key (`metric subject`).
    public private(set) var consecutiveFailures: [String: Int] = [:]

    /// Creates an empty history.
    public init() {}

    /// The key of a judgement.
    public static func key(_ judgement: MetricJudgement) -> String { "\(judgement.reading.name.rawValue) \(judgement.reading.subject)" }

    /// Records one measurement's judgements: a failure extends its metric's run, a pass or warning ends it;
    /// metrics not judged this time keep their count (missing data is not a pass).
    public mutating func record(_ judgements: [MetricJudgement]) {
        for judgement in judgements {
            let key = Self.key(judgement)
            consecutiveFailures[key] = judgement.status == .fail ? (consecutiveFailures[key] ?? 0) + 1 : 0
        }
    }

    /// The keys that failed at least `limit` times in a row, sorted.
    public func exceeding(_ limit: Int) -> [String] {
        consecutiveFailures.filter { $0.value >= max(1, limit) }.keys.sorted()
    }
}
