import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutStrategies

/// The deploy loop's analysis: for each service an `AnalysisEngine` (instance `/metrics`, `/proc` CPU, Redis
/// INFO and queue lengths, and the manifest's Prometheus when it has one) fed with per-request samples from
/// nginx's access log, judged against the SLOs and, with Mann-Whitney and two-proportion tests, against the
/// stable revision over the same window.
///
/// One engine is kept per service (and Prometheus address) for the runner's lifetime, because its sources
/// turn counters into rates by remembering earlier readings.
public final class MetricAnalysis: AnalysisRunner, @unchecked Sendable {
    let manifest: Manifest?
    private let lock = NSLock()
    private var engines: [EngineKey: AnalysisEngine] = [:]
    private var tails: [String: AccessLogTail] = [:]

    /// Creates the analysis. With `manifest`, services that use a Redis accessory also get its cache hit
    /// rate, memory and (workers) queue lengths; without, those come from the context's manifest.
    public init(manifest: Manifest? = nil) { self.manifest = manifest }

    /// Web services always (their requests cross nginx); workers when something measures them: a Redis
    /// accessory (queue length), a CPU limit (CPU share from /proc) or a metrics page.
    public func canMeasure(_ service: Service, in manifest: Manifest) -> Bool {
        service.role == .web || service.resources.cpuLimit != nil || service.metricsPath != nil
            || ServiceMeasurement.redisURL(for: service, in: self.manifest ?? manifest) != nil
    }

    public func analyze(_ request: AnalysisRequest, context: AnalysisContext) async -> AnalysisVerdict.Outcome {
        await assess(request, context: context).outcome
    }

    public func assess(_ request: AnalysisRequest, context: AnalysisContext) async -> (outcome: AnalysisVerdict.Outcome, warnings: [String]) {
        let engine = engine(for: context)
        let live = context.instances.filter { $0.state.isLive }
        let period = AnalysisPeriod(request: request, context: context)
        if context.service.role == .web, let warming = period.allWarmingUp(live, revision: request.candidate) {
            // The sources still read once, so that the first measurement after the warm-up has a reading to
            // start its window from instead of counting since the instance started.
            _ = await engine.evaluate(request, targets: ServiceMeasurement.targets(live, countsFrom: period.countsFrom), now: context.now, since: period.start)
            return (.inconclusive(warming), [])
        }
        var samples: [RevisionID: RequestSamples] = [:]
        var settled: [RevisionID: RequestSamples] = [:]
        if context.service.role == .web, let log = context.accessLogPath {
            do {
                let tail = lock.withLock { () -> AccessLogTail in
                    if let tail = tails[log] { return tail }
                    let tail = AccessLogTail(path: log)
                    tails[log] = tail
                    return tail
                }
                let entries = try tail.entries(since: period.start, now: context.now)
                samples = AccessLogSamples.samples(entries, instances: context.instances, countsFrom: period.countsFrom, weights: context.routingWeights)
                let settledEntries = period.settledStart > period.start ? entries.filter { $0.time >= period.settledStart } : entries
                settled = AccessLogSamples.samples(settledEntries, instances: context.instances, countsFrom: period.countsFrom, weights: context.routingWeights)
            } catch {
                return (.inconclusive("cannot read nginx access log \(log): \(error)"), [])
            }
            if samples[request.candidate] == nil { samples[request.candidate] = .empty }
        }
        let targets = ServiceMeasurement.targets(live, countsFrom: period.countsFrom)
        let report = await engine.evaluate(request, targets: targets, requestSamples: samples, comparisonSamples: settled, now: context.now, since: period.start)
        return (report.outcome, report.judgements.filter { $0.status == .warning }.map(\.summary))
    }

    private func engine(for context: AnalysisContext) -> AnalysisEngine {
        let service = context.service
        let key = EngineKey(service: service.name, prometheus: context.prometheus)
        return lock.withLock {
            if let engine = engines[key] { return engine }
            let configuration = ServiceMeasurement.configuration(
                for: service, in: manifest ?? context.manifest, slo: context.slo,
                resources: ServiceMeasurement.resources(for: service, reader: context.resources), prometheus: context.prometheus)
            let engine = AnalysisEngine(configuration: configuration)
            engines[key] = engine
            return engine
        }
    }

    /// Engines are kept per service and per Prometheus (a managed one may come back on another port).
    private struct EngineKey: Hashable {
        var service: String
        var prometheus: PrometheusQuerySource.Settings?
    }
}
