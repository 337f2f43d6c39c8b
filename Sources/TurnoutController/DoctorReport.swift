import Foundation

/// What `turnout doctor` found on the running system: one finding per measured metric (value, target,
/// window, severity and the scaling guide's advice), and notes on what could not be measured.
public struct DoctorReport: Codable, Sendable {
    /// How much a finding asks for, in rising order.
    public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
        /// Within the target.
        case ok
        /// Off the target but short of the guide's action level (cache hit rate between 70 % and 80 %, a
        /// queue above target that is draining).
        case warning
        /// The guide's action applies.
        case action
        /// One of the guide's triggers for Stage 3 is met.
        case stage3 = "stage-3"

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// One metric of one subject (a service, a queue, Redis) over the window.
    public struct Finding: Codable, Sendable, Hashable {
        /// The metric, e.g. `latency_p95`, `queue_length`, `cpu`.
        public var metric: String
        /// What it was measured on: a service, a queue, `redis`.
        public var subject: String
        /// The value in the metric's unit (seconds, fractions, counts).
        public var value: Double
        /// The value for people, e.g. `182 ms`, `0.25%`.
        public var valueText: String
        /// The target, e.g. `< 200 ms`.
        public var target: String
        /// The window the value covers, e.g. `10s`.
        public var window: String
        /// How much it asks for.
        public var severity: Severity
        /// What to do (empty when nothing).
        public var advice: String
        /// Where the value came from, with its sample size.
        public var source: String
        /// Figures behind the advice (rates, worker counts), by name.
        public var figures: [String: Double]

        /// Creates a finding.
        public init(metric: String, subject: String, value: Double, valueText: String, target: String, window: String, severity: Severity,
                    advice: String, source: String, figures: [String: Double] = [:]) {
            self.metric = metric
            self.subject = subject
            self.value = value
            self.valueText = valueText
            self.target = target
            self.window = window
            self.severity = severity
            self.advice = advice
            self.source = source
            self.figures = figures
        }
    }

    /// The application.
    public var app: String
    /// The stable revision measured, and its label.
    public var revision: Int
    public var versionLabel: String
    /// The window asked for.
    public var window: String
    /// The seconds actually between the two samples.
    public var seconds: Double
    /// When the second sample was taken.
    public var measuredAt: Date
    /// The findings, most severe first.
    public var findings: [Finding]
    /// What could not be measured or judged, and why.
    public var notes: [String]

    /// Creates a report; findings are ordered most severe first, then by subject and metric.
    public init(app: String, revision: Int, versionLabel: String, window: String, seconds: Double, measuredAt: Date, findings: [Finding], notes: [String]) {
        self.app = app
        self.revision = revision
        self.versionLabel = versionLabel
        self.window = window
        self.seconds = seconds
        self.measuredAt = measuredAt
        self.findings = findings.sorted { ($1.severity, $0.subject, $0.metric) < ($0.severity, $1.subject, $1.metric) }
        self.notes = notes
    }

    /// The most severe finding's severity (`ok` when there is none).
    public var worst: Severity { findings.map(\.severity).max() ?? .ok }

    /// A table for a terminal, then the advice of each finding that has some, then the notes.
    public var text: String {
        var lines = ["doctor: \(app) revision \(revision) (\(versionLabel)), two samples \(String(format: "%.1f", seconds)) s apart (window \(window))", ""]
        let header = ["SEVERITY", "SUBJECT", "METRIC", "VALUE", "TARGET"]
        let rows = findings.map { [$0.severity.rawValue, $0.subject, $0.metric, $0.valueText, $0.target] }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            lines.append(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        let advised = findings.filter { !$0.advice.isEmpty }
        if !advised.isEmpty {
            lines.append("")
            for finding in advised {
                lines.append("\(finding.severity.rawValue): \(finding.subject) \(finding.metric) \(finding.valueText) (target \(finding.target), \(finding.source)): \(finding.advice)")
            }
        }
        if advised.isEmpty, !findings.isEmpty { lines.append(""); lines.append("everything measured is within the scaling guide's targets") }
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "note: \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
