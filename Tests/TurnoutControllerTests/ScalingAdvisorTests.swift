import Foundation
import Testing
import TurnoutAnalysis
@testable import TurnoutController
import TurnoutManifest
import TurnoutStrategies

/// The scaling advisor's decisions, as tables of measured values and the findings they must give.
@Suite struct ScalingAdvisorTests {
    static let window = TimeSpan.seconds(10)

    static func api(_ readings: [MetricReading], role: Service.Role = .web, name: String = "api") -> DoctorMeasurements {
        DoctorMeasurements(slo: SLO(), window: window, seconds: 10, services: [.init(name: name, role: role, readings: readings)])
    }

    static func reading(_ name: MetricName, _ value: Double, samples: Int? = 500) -> MetricReading {
        MetricReading(name, subject: "api", value: value, samples: samples, source: "test")
    }

    static func only(_ measured: DoctorMeasurements, _ metric: MetricName, subject: String? = nil) -> DoctorReport.Finding? {
        ScalingAdvisor().advise(measured).findings.first { $0.metric == metric.rawValue && (subject == nil || $0.subject == subject) }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var metric: MetricName
        var value: Double
        var role: Service.Role = .web
        var severity: DoctorReport.Severity
        var advice: String?
        var testDescription: String { "\(metric.rawValue) \(value) \(role) -> \(severity.rawValue)" }
    }

    @Test(arguments: [
        Row(metric: .latencyP95, value: 0.150, severity: .ok),
        Row(metric: .latencyP95, value: 0.200, severity: .ok),
        Row(metric: .latencyP95, value: 0.201, severity: .action, advice: "investigate slow queries or add caching"),
        Row(metric: .latencyP99, value: 0.400, severity: .ok),
        Row(metric: .latencyP99, value: 0.501, severity: .stage3, advice: "consider Stage 3"),
        Row(metric: .latencyP99, value: 2.0, severity: .stage3, advice: "Redis Cluster"),
        Row(metric: .errorRate, value: 0.0005, severity: .ok),
        Row(metric: .errorRate, value: 0.001, severity: .ok),
        Row(metric: .errorRate, value: 0.0011, severity: .action, advice: "investigate and fix root causes"),
        Row(metric: .cpu, value: 0.69, severity: .ok),
        Row(metric: .cpu, value: 0.71, severity: .action, advice: "scale the API out"),
        Row(metric: .cpu, value: 0.75, role: .worker, severity: .ok),
        Row(metric: .cpu, value: 0.81, role: .worker, severity: .action, advice: "add workers"),
    ])
    func serviceMetrics(_ row: Row) throws {
        let finding = try #require(Self.only(Self.api([Self.reading(row.metric, row.value)], role: row.role), row.metric))
        #expect(finding.severity == row.severity)
        #expect(finding.value == row.value)
        #expect(finding.window == "10s")
        #expect(finding.subject == "api")
        if let advice = row.advice { #expect(finding.advice.contains(advice), "\(finding.advice)") } else { #expect(finding.advice.isEmpty) }
    }

    @Test(arguments: [
        (0.85, DoctorReport.Severity.ok, ""),
        (0.80, .ok, ""),
        (0.75, .warning, "review the caching strategy if it falls under 70%"),
        (0.70, .warning, "watch it"),
        (0.69, .stage3, "review the caching strategy (what is cached"),
        (0.20, .stage3, "consider Stage 3"),
    ])
    func cacheHitRate(value: Double, severity: DoctorReport.Severity, advice: String) throws {
        var measured = DoctorMeasurements(slo: SLO(), window: Self.window, seconds: 10)
        measured.cacheHitRate = MetricReading(.cacheHitRate, subject: "redis", value: value, samples: 1000, source: "redis INFO")
        let finding = try #require(Self.only(measured, .cacheHitRate))
        #expect(finding.severity == severity)
        #expect(advice.isEmpty ? finding.advice.isEmpty : finding.advice.contains(advice), "\(finding.advice)")
    }

    @Test(arguments: [(0.5, DoctorReport.Severity.ok), (0.8, .ok), (0.81, .action)])
    func redisMemory(value: Double, severity: DoctorReport.Severity) throws {
        var measured = DoctorMeasurements(slo: SLO(), window: Self.window, seconds: 10)
        measured.redisMemory = MetricReading(.redisMemory, subject: "redis", value: value, source: "redis INFO")
        let finding = try #require(Self.only(measured, .redisMemory))
        #expect(finding.severity == severity)
        #expect((severity == .action) == finding.advice.contains("add memory"))
    }

    struct QueueRow: Sendable, CustomTestStringConvertible {
        var workers: Int
        var maxWorkers: Int?
        var start: Double
        var end: Double
        var completed: Double?
        var severity: DoctorReport.Severity
        var suggested: Int?
        var advice: String
        var testDescription: String { "\(workers) workers, \(Int(start))->\(Int(end)), completed \(completed.map { "\(Int($0))" } ?? "?") -> \(severity.rawValue) \(suggested.map(String.init) ?? "-")" }
    }

    // Over 10 s: arrival = growth + completions; suggested = ceil(workers × arrival / completion), at least
    // one more, at most the autoscaling maximum or 4× the current workers.
    @Test(arguments: [
        QueueRow(workers: 2, start: 10, end: 50, completed: 100, severity: .ok, suggested: nil, advice: ""),
        QueueRow(workers: 2, start: 99, end: 99, completed: 100, severity: .ok, suggested: nil, advice: ""),
        // 2 workers complete 10/s, 20/s arrive (growth 10/s): 4 workers.
        QueueRow(workers: 2, start: 100, end: 200, completed: 100, severity: .action, suggested: 4, advice: "about 4 worker(s) would keep up"),
        // Barely growing: still at least one more.
        QueueRow(workers: 2, start: 150, end: 151, completed: 100, severity: .action, suggested: 3, advice: "add workers"),
        // 1 worker completes 3/s, 53/s arrive: ceil(17.7) = 18, capped at 4× = 4.
        QueueRow(workers: 1, start: 200, end: 700, completed: 30, severity: .action, suggested: 4, advice: "= 18, capped at 4"),
        QueueRow(workers: 2, maxWorkers: 8, start: 200, end: 700, completed: 30, severity: .action, suggested: 8, advice: "the autoscaling maximum"),
        // Draining: a warning with the time to clear.
        QueueRow(workers: 2, start: 400, end: 300, completed: 200, severity: .warning, suggested: nil, advice: "clears in about 30 s"),
        // Workers complete nothing.
        QueueRow(workers: 2, start: 300, end: 400, completed: 0, severity: .action, suggested: nil, advice: "completed no job"),
        QueueRow(workers: 0, start: 300, end: 400, completed: 0, severity: .action, suggested: 1, advice: "no worker consumes"),
        QueueRow(workers: 2, start: 300, end: 400, completed: nil, severity: .action, suggested: nil, advice: "could not be read"),
        // Over 1000 pending: Stage 3, with the worker suggestion kept.
        QueueRow(workers: 2, start: 900, end: 1500, completed: 100, severity: .stage3, suggested: 8, advice: "consider Stage 3"),
    ])
    func queues(_ row: QueueRow) throws {
        var measured = DoctorMeasurements(slo: SLO(), window: Self.window, seconds: 10)
        measured.queues = [.init(name: "email", services: ["worker-email"], workers: row.workers, maxWorkers: row.maxWorkers,
                                 pendingAtStart: row.start, pendingAtEnd: row.end, completed: row.completed)]
        let finding = try #require(Self.only(measured, .queueLength, subject: "email"))
        #expect(finding.severity == row.severity, "\(finding.advice)")
        #expect(finding.value == row.end)
        #expect(finding.figures["suggested_workers"].map { Int($0) } == row.suggested, "\(finding.advice)")
        #expect(row.advice.isEmpty ? finding.advice.isEmpty : finding.advice.contains(row.advice), "\(finding.advice)")
        if let completed = row.completed {
            #expect(finding.figures["completion_per_second"] == completed / 10)
            #expect(finding.figures["arrival_per_second"] == max(0, (row.end - row.start) / 10 + completed / 10))
        }
    }

    @Test func tooFewRequestsAreNotedNotJudged() {
        let (findings, notes) = ScalingAdvisor().advise(Self.api([Self.reading(.latencyP95, 0.9, samples: 5), Self.reading(.errorRate, 0.5, samples: 5)]))
        #expect(findings.isEmpty)
        #expect(notes.count == 2)
        #expect(notes.allSatisfy { $0.contains("only 5 request(s)") })
    }

    @Test func manifestObjectivesApply() throws {
        var slo = SLO()
        slo.latencyP95 = .init(milliseconds: 100)
        slo.queueLength = 10
        var measured = DoctorMeasurements(slo: slo, window: Self.window, seconds: 10, services: [.init(name: "api", role: .web, readings: [Self.reading(.latencyP95, 0.150)])])
        measured.queues = [.init(name: "email", services: ["w"], workers: 1, pendingAtStart: 5, pendingAtEnd: 20, completed: 10)]
        let findings = ScalingAdvisor().advise(measured).findings
        #expect(findings.first { $0.metric == "latency_p95" }?.severity == .action)
        #expect(findings.first { $0.metric == "latency_p95" }?.target == "< 100 ms")
        #expect(findings.first { $0.metric == "queue_length" }?.severity == .action)
    }

    @Test func reportOrdersBySeverityAndRendersEveryFinding() throws {
        var measured = Self.api([Self.reading(.latencyP95, 0.05), Self.reading(.latencyP99, 0.9)])
        measured.queues = [.init(name: "email", services: ["w"], workers: 1, pendingAtStart: 100, pendingAtEnd: 300, completed: 10)]
        let (findings, notes) = ScalingAdvisor().advise(measured)
        let report = DoctorReport(app: "blog", revision: 3, versionLabel: "v3", window: "10s", seconds: 10.02, measuredAt: Date(), findings: findings, notes: notes)
        #expect(report.findings.map(\.severity) == [.stage3, .action, .ok])
        #expect(report.worst == .stage3)
        let firstRow = report.text.split(separator: "\n").first { $0.hasPrefix("stage-3") }
        #expect(firstRow?.contains("latency_p99") == true, "\(report.text)")
        #expect(report.text.contains("add workers"))
        let json = try JSONEncoder().encode(report)
        let decoded = try JSONDecoder().decode(DoctorReport.self, from: json)
        #expect(decoded.findings.count == 3)
        #expect(String(decoding: json, as: UTF8.self).contains(#""severity":"stage-3""#))
    }
}
