import TurnoutStrategies

/// Everything one analysis found: the judgements against the SLOs, the comparisons with the baseline, what
/// was missing, and the outcome with its reason.
public struct AnalysisReport: Sendable {
    /// The outcome (fail and inconclusive carry the reason).
    public var outcome: AnalysisVerdict.Outcome
    /// Threshold judgements of the candidate's (and system-wide) readings.
    public var judgements: [MetricJudgement]
    /// Comparisons with the baseline.
    public var comparisons: [Comparison]
    /// Why a judged metric could not be judged (no data, too few samples, unreadable source).
    public var gaps: [String]
    /// Policy metrics no configured source measures (not judged; not a failure).
    public var notMeasured: [String]
    /// Problems the sources reported.
    public var problems: [String]
    /// Every reading taken.
    public var sample: MetricSample

    /// One paragraph for logs and history: the outcome's reason, or what passed and what warned.
    public var summary: String {
        var parts: [String] = []
        switch outcome {
        case .fail(let reason): parts.append("fail: \(reason)")
        case .breach(let reason): parts.append("clear breach: \(reason)")
        case .inconclusive(let reason): parts.append("inconclusive: \(reason)")
        case .pass: parts.append("pass: " + (judgements.filter { $0.status == .pass }.map(\.summary) + comparisons.map(\.summary)).joined(separator: "; "))
        }
        let warnings = judgements.filter { $0.status == .warning }.map(\.summary)
        if !warnings.isEmpty { parts.append("warning: " + warnings.joined(separator: "; ")) }
        if !notMeasured.isEmpty { parts.append("not measured: " + notMeasured.joined(separator: ", ")) }
        return parts.joined(separator: ". ")
    }

    /// Combines the findings: any failed judgement or worse comparison fails (all of them named), as a clear
    /// breach when a judgement is one; else any gap makes it inconclusive; else, if nothing at all was
    /// judged, inconclusive; else pass. No data is never a pass.
    static func outcome(judgements: [MetricJudgement], comparisons: [Comparison], gaps: [String]) -> AnalysisVerdict.Outcome {
        let failed = judgements.filter { $0.status == .fail }
        let failures = failed.map { judgement in judgement.summary + (judgement.clearBreach.map { " — a clear breach: \($0)" } ?? "") }
            + comparisons.filter { $0.finding == .worse }.map(\.summary)
        if failed.contains(where: { $0.clearBreach != nil }) { return .breach(failures.joined(separator: "; ")) }
        if !failures.isEmpty { return .fail(failures.joined(separator: "; ")) }
        if !gaps.isEmpty { return .inconclusive(gaps.joined(separator: "; ")) }
        if judgements.isEmpty, !comparisons.contains(where: { $0.finding == .notWorse }) { return .inconclusive("no metric could be judged") }
        return .pass
    }
}
