import Foundation
import TurnoutAnalysis
import TurnoutManifest

/// The scaling guide's advice from measured values: a pure function from `DoctorMeasurements` to findings.
///
/// - P95 above target: investigate slow queries or add caching.
/// - Cache hit rate below the target: warning; below the review level (70 %): review the caching strategy.
/// - Pending tasks at or above the target (100): add workers, as many as the queue's growth suggests
///   (`ceil(workers × arrival rate / completion rate)`, capped), or a warning when the queue is draining.
/// - Error rate above target: investigate and fix root causes.
/// - API CPU above 70 %, worker CPU above 80 %: scale out; Redis memory above 80 %: add memory.
/// - The guide's Stage-3 triggers (P99 over 500 ms over the window, cache hit rate under 70 %, more than
///   1000 pending tasks) raise the finding to `stage-3`, with what the guide lists for Stage 3.
///
/// Whether a value is within its objective is `ThresholdJudge`'s decision, the same as in rollouts.
public struct ScalingAdvisor: Sendable {
    /// The guide's triggers for moving to Stage 3.
    public struct Stage3Triggers: Sendable, Hashable {
        /// Response time (P99 over the window) above this.
        public var responseTime: TimeSpan = .init(milliseconds: 500)
        /// Cache hit rate below this.
        public var cacheHitRate: Percentage = Percentage(70)
        /// More pending tasks than this.
        public var pendingTasks: Int = 1000

        /// The guide's values.
        public init() {}
    }

    /// What the guide lists under "Stage 3 Changes".
    public static let stage3Changes = "consider Stage 3: database read replicas and connection pooling, a Redis Cluster with multiple nodes, "
        + "API auto-scaling on CPU/memory, a CDN for static assets, comprehensive APM (Datadog, New Relic)"

    /// Stage-3 triggers.
    public var stage3 = Stage3Triggers()
    /// Fewer requests than this over the window are too few to judge latency or errors by.
    public var minimumRequests = 20
    /// Without an autoscaling maximum, suggest at most this many times the current workers.
    public var workerGrowthCap = 4

    /// Creates an advisor with the guide's triggers.
    public init() {}

    /// Findings for every measured value, and notes for values too thin to judge.
    public func advise(_ measured: DoctorMeasurements) -> (findings: [DoctorReport.Finding], notes: [String]) {
        var findings: [DoctorReport.Finding] = []
        var notes: [String] = []
        for service in measured.services {
            let judge = ThresholdJudge(slo: measured.slo, role: service.role)
            for name in [MetricName.latencyP95, .latencyP99, .errorRate] {
                guard let reading = service.reading(name) else { continue }
                if let count = reading.samples, count < minimumRequests {
                    notes.append("\(name.rawValue) of \(service.name): only \(count) request(s) over the window (\(reading.source)); at least \(minimumRequests) needed to judge")
                    continue
                }
                findings.append(requestFinding(reading, service: service.name, judge: judge, measured: measured))
            }
            if let cpu = service.reading(.cpu) { findings.append(cpuFinding(cpu, service: service, judge: judge, measured: measured)) }
        }
        let redisJudge = ThresholdJudge(slo: measured.slo)
        if let hits = measured.cacheHitRate { findings.append(cacheFinding(hits, judge: redisJudge, measured: measured)) }
        if let memory = measured.redisMemory, let judgement = redisJudge.judge(memory) {
            let over = judgement.status == .fail
            findings.append(finding(memory, subject: "redis", target: "< \(measured.slo.redisMemory)", severity: over ? .action : .ok,
                                    advice: over ? "add memory to Redis (raise maxmemory and the host's RAM), or split the data over a Redis Cluster" : "",
                                    measured: measured))
        }
        for queue in measured.queues { findings.append(queueFinding(queue, measured: measured)) }
        return (findings, notes)
    }

    private func requestFinding(_ reading: MetricReading, service: String, judge: ThresholdJudge, measured: DoctorMeasurements) -> DoctorReport.Finding {
        let failed = judge.judge(reading)?.status == .fail
        let slo = measured.slo
        switch reading.name {
        case .latencyP95:
            return finding(reading, subject: service, target: "< \(MetricName.latencyP95.render(slo.latencyP95.seconds))", severity: failed ? .action : .ok,
                           advice: failed ? "investigate slow queries or add caching (P95 above target over the window)" : "", measured: measured)
        case .latencyP99:
            let triggered = reading.value > stage3.responseTime.seconds
            var advice = ""
            if triggered {
                advice = "response time above \(MetricName.latencyP99.render(self.stage3.responseTime.seconds)) over the whole window (P99), the guide's Stage-3 trigger: "
                    + "investigate slow queries or add caching, and " + Self.stage3Changes
            } else if failed {
                advice = "investigate slow queries or add caching (P99 above target over the window)"
            }
            return finding(reading, subject: service, target: "< \(MetricName.latencyP99.render(slo.latencyP99.seconds))",
                           severity: triggered ? .stage3 : (failed ? .action : .ok), advice: advice, measured: measured)
        default:
            return finding(reading, subject: service, target: "< \(slo.errorRate)", severity: failed ? .action : .ok,
                           advice: failed ? "investigate and fix root causes (the instances' logs name the failing requests)" : "", measured: measured)
        }
    }

    private func cpuFinding(_ reading: MetricReading, service: DoctorMeasurements.ServiceFigures, judge: ThresholdJudge, measured: DoctorMeasurements) -> DoctorReport.Finding {
        let failed = judge.judge(reading)?.status == .fail
        let advice = service.role == .web
            ? "scale the API out: add instances (replicas; on Kubernetes the HPA does this at its CPU target)"
            : "add workers (replicas) or optimise the task code"
        return finding(reading, subject: service.name, target: "< \(judge.cpuLimit)", severity: failed ? .action : .ok,
                       advice: failed ? advice : "", measured: measured)
    }

    private func cacheFinding(_ reading: MetricReading, judge: ThresholdJudge, measured: DoctorMeasurements) -> DoctorReport.Finding {
        let slo = measured.slo
        let status = judge.judge(reading)?.status ?? .pass
        var severity: DoctorReport.Severity = status == .pass ? .ok : (status == .warning ? .warning : .action)
        var advice = ""
        switch status {
        case .pass: break
        case .warning: advice = "below the \(slo.cacheHitRate) target: watch it; review the caching strategy if it falls under \(slo.cacheHitRateWarning)"
        case .fail: advice = "review the caching strategy (what is cached, the TTLs, the cache keys)"
        }
        if reading.value < stage3.cacheHitRate.fraction {
            severity = .stage3
            advice += "; the cache hit rate is under \(stage3.cacheHitRate), the guide's Stage-3 trigger: " + Self.stage3Changes
        }
        return finding(reading, subject: reading.subject, target: "≥ \(slo.cacheHitRate) (review < \(slo.cacheHitRateWarning))", severity: severity,
                       advice: advice, measured: measured)
    }

    /// The queue's finding: its growth against the workers' completions decides how many workers to suggest.
    func queueFinding(_ queue: DoctorMeasurements.QueueFigures, measured: DoctorMeasurements) -> DoctorReport.Finding {
        let seconds = max(measured.seconds, 0.001)
        let pending = queue.pendingAtEnd
        let growth = (queue.pendingAtEnd - queue.pendingAtStart) / seconds
        var figures: [String: Double] = ["pending_at_start": queue.pendingAtStart, "pending_at_end": pending, "growth_per_second": growth,
                                         "workers": Double(queue.workers)]
        let reading = MetricReading(.queueLength, subject: queue.name, value: pending, source: "redis LLEN at the start and end of the window")
        let target = "< \(measured.slo.queueLength)"
        let high = pending >= Double(measured.slo.queueLength)
        var severity: DoctorReport.Severity = high ? .action : .ok
        var advice = ""
        let who = queue.services.isEmpty ? "no worker service" : queue.services.joined(separator: ", ")
        let completion = queue.completed.map { max(0, $0) / seconds }
        let arrival = completion.map { max(0, growth + $0) }
        if let completion, let arrival {
            figures["completion_per_second"] = completion
            figures["arrival_per_second"] = arrival
        }
        let rates = { (arrival: Double, completion: Double) in
            "jobs arrived at \(Self.rate(arrival)) and were completed at \(Self.rate(completion)) by \(queue.workers) worker(s) (\(who)); the queue went from \(Int(queue.pendingAtStart)) to \(Int(pending))"
        }
        if high {
            if queue.workers == 0 {
                advice = "add workers: no worker consumes queue \(queue.name)"
                figures["suggested_workers"] = 1
            } else if let completion, let arrival {
                if completion == 0 {
                    advice = "add workers, but first check the \(queue.workers) worker(s) of \(who): they completed no job over the window (stuck or failing jobs?); the queue went from \(Int(queue.pendingAtStart)) to \(Int(pending))"
                } else if arrival > completion {
                    let raw = Int((Double(queue.workers) * arrival / completion).rounded(.up))
                    let cap = max(queue.workers + 1, queue.maxWorkers ?? queue.workers * workerGrowthCap)
                    let suggested = min(cap, max(queue.workers + 1, raw))
                    figures["suggested_workers"] = Double(suggested)
                    let capText = raw > cap ? " (ceil(\(queue.workers) × \(Self.rate(arrival)) / \(Self.rate(completion))) = \(raw), capped at \(cap)"
                        + (queue.maxWorkers != nil ? ", the autoscaling maximum" : ", \(workerGrowthCap)× the current workers") + ")"
                        : " (ceil(\(queue.workers) × \(Self.rate(arrival)) / \(Self.rate(completion))))"
                    advice = "add workers: \(rates(arrival, completion)); about \(suggested) worker(s) would keep up\(capText)"
                } else {
                    severity = .warning
                    let drain = completion - arrival
                    let clears = drain > 0 ? " and clears in about \(Int((pending / drain).rounded(.up))) s at this pace" : ""
                    advice = "above target but draining: \(rates(arrival, completion))\(clears); add workers if it stays high"
                }
            } else {
                advice = "add workers: the completed-jobs counter could not be read, so how many is not known; the queue went from \(Int(queue.pendingAtStart)) to \(Int(pending))"
            }
            if pending > Double(stage3.pendingTasks) {
                severity = .stage3
                advice += "; more than \(stage3.pendingTasks) pending tasks, the guide's Stage-3 trigger: " + Self.stage3Changes
            }
        }
        return finding(reading, subject: queue.name, target: target, severity: severity, advice: advice, measured: measured, figures: figures)
    }

    private func finding(_ reading: MetricReading, subject: String, target: String, severity: DoctorReport.Severity, advice: String,
                         measured: DoctorMeasurements, figures: [String: Double] = [:]) -> DoctorReport.Finding {
        let source = reading.source + (reading.samples.map { ", \($0) samples" } ?? "")
        return DoctorReport.Finding(metric: reading.name.rawValue, subject: subject, value: reading.value, valueText: reading.name.render(reading.value),
                                    target: target, window: measured.window.description, severity: severity, advice: advice, source: source, figures: figures)
    }

    static func rate(_ perSecond: Double) -> String { String(format: "%.1f/s", perSecond) }
}
