import Foundation
import TurnoutManifest
import TurnoutStrategies

/// The ready-made analysis: asks every configured source for the window, judges the candidate against the
/// SLOs (a metric Prometheus has a query for on Prometheus's value alone), compares it with the baseline,
/// and answers pass, fail (naming metric, value, objective or baseline, window) or inconclusive (no data,
/// too few samples, unreadable source). No data is never a pass.
///
/// Keep one engine per rollout: its sources remember earlier scrapes, so that counters become rates over
/// the window. It does not depend on the controller, which wraps it in its `AnalysisRunner`.
public struct AnalysisEngine: Sendable {
    /// The configuration the sources and judges are built from.
    public let configuration: AnalysisConfiguration
    /// The sources asked, built from the configuration (or given).
    public let sources: [any MetricSource]

    /// Creates an engine with the sources the configuration asks for.
    public init(configuration: AnalysisConfiguration) {
        self.init(configuration: configuration, sources: configuration.makeSources())
    }

    /// Creates an engine over given sources (tests, or a caller's own).
    public init(configuration: AnalysisConfiguration, sources: [any MetricSource]) {
        self.configuration = configuration
        self.sources = sources
    }

    /// The outcome for `request` over the window ending `now` (see ``evaluate(_:targets:requestSamples:now:since:)``).
    public func analyze(_ request: AnalysisRequest, targets: [InstanceTarget], requestSamples: [RevisionID: RequestSamples] = [:],
                        comparisonSamples: [RevisionID: RequestSamples]? = nil, now: Date = Date(), since: Date? = nil) async -> AnalysisVerdict.Outcome {
        await evaluate(request, targets: targets, requestSamples: requestSamples, comparisonSamples: comparisonSamples, now: now, since: since).outcome
    }

    /// The full report for `request` over the window ending `now`, or over the time since `since` when that
    /// is shorter (the current step: a measurement never reaches back into another traffic split).
    /// `requestSamples` adds per-request data computed elsewhere (the nginx log, over the same span), judged
    /// like the other readings and preferred for the comparison; `comparisonSamples`, when given, replaces it
    /// in the comparison (the same log over a settled part of the span).
    public func evaluate(_ request: AnalysisRequest, targets: [InstanceTarget], requestSamples: [RevisionID: RequestSamples] = [:],
                         comparisonSamples: [RevisionID: RequestSamples]? = nil, now: Date = Date(), since: Date? = nil) async -> AnalysisReport {
        var policy = request.policy
        if let since {
            let span = max(0.001, now.timeIntervalSince(since))
            if span < policy.window.seconds { policy.window = TimeSpan(milliseconds: Int64((span * 1000).rounded())) }
        }
        let candidate = request.candidate
        let baseline = policy.compareWithStable ? request.baseline.flatMap { $0 == candidate ? nil : $0 } : nil
        let revisions = [candidate] + (baseline.map { [$0] } ?? [])
        let query = SampleRequest(window: policy.window, now: now, targets: targets, revisions: revisions, service: configuration.service)
        let samples = await withTaskGroup(of: MetricSample.self) { group in
            for source in sources { group.addTask { await source.sample(query) } }
            var all: [MetricSample] = []
            for await sample in group { all.append(sample) }
            return all
        }
        var sample = MetricSample.merged(samples, at: now)
        for revision in revisions { if let extra = requestSamples[revision] { sample.readings += extra.readings(of: revision) } }

        // Which metrics are judged, and which no source measures.
        let requestMetrics: Set<AnalysisPolicy.Metric> = [.errorRate, .latencyP95, .latencyP99]
        var measured = sources.reduce(into: Set<AnalysisPolicy.Metric>()) { $0.formUnion($1.measures) }
        if requestSamples[candidate] != nil { measured.formUnion(requestMetrics) }
        var notMeasured: [String] = []
        var judged: [AnalysisPolicy.Metric] = []
        for metric in policy.metrics where !judged.contains(metric) {
            if configuration.role == .worker, requestMetrics.contains(metric) {
                notMeasured.append("\(metric.rawValue) (worker services serve no HTTP)")
            } else if configuration.role == .worker, metric == .cacheHitRate {
                notMeasured.append("\(metric.rawValue) (worker services do not read the cache)")
            } else if !measured.contains(metric) {
                notMeasured.append("\(metric.rawValue) (\(AnalysisConfiguration.missingSourceHint(metric)))")
            } else {
                judged.append(metric)
            }
        }

        // Thresholds.
        let judge = ThresholdJudge(slo: configuration.slo, role: configuration.role)
        let minimum = max(1, policy.minSamples)
        var judgements: [MetricJudgement] = []
        var missing: [String] = []
        var gaps: [String] = configuration.problems
        let fromPrometheus = configuration.prometheusMetrics
        for metric in judged {
            let readings = sample.readings.filter {
                $0.name.policyMetric == metric && ($0.revision == candidate || $0.revision == nil)
                    && (!fromPrometheus.contains(metric) || $0.source == PrometheusQuerySource.sourceName)
            }
            if readings.isEmpty { missing.append(metric.rawValue); continue }
            for reading in readings {
                if [.errorRate, .latencyP95, .latencyP99, .cacheHitRate].contains(metric), let count = reading.samples, count < minimum {
                    let what = metric == .cacheHitRate ? "cache lookup(s) in Redis" : "request(s) reached \(reading.subject)"
                    gaps.append("\(metric.rawValue): \(count) \(what) over the last \(policy.window) (\(reading.source)); at least \(minimum) needed")
                } else if var judgement = judge.judge(reading, window: policy.window) {
                    let stable = baseline.flatMap { stableID in sample.readings(reading.name, revision: stableID).first { $0.source == reading.source } }
                    if let stable, let baseline {
                        judgement.excuseSharedBreach(stable, of: baseline, judge: judge, window: policy.window, minimumSamples: minimum)
                    }
                    if policy.failFast, judgement.status == .fail {
                        judgement.clearBreach = ClearBreach(margin: policy.failFastMargin, minimumSamples: minimum).assess(judgement, baseline: stable)
                    }
                    judgements.append(judgement)
                }
            }
            if metric == .queueLength {
                let trend = QueueTrendJudge(slo: configuration.slo)
                for growth in readings where growth.name == .queueGrowth {
                    guard let length = readings.first(where: { $0.name == .queueLength && $0.subject == growth.subject }),
                          let judgement = trend.judge(length: length, growth: growth, window: policy.window) else { continue }
                    judgements.append(judgement)
                }
            }
        }
        if !missing.isEmpty {
            var text = "no data for \(missing.joined(separator: ", ")) of \(candidate) over the last \(policy.window)"
            if !sample.problems.isEmpty { text += " (" + sample.problems.joined(separator: "; ") + ")" }
            gaps.insert(text, at: 0)
        }

        // Comparison with the baseline.
        var comparisons: [Comparison] = []
        if let baseline {
            comparisons = compare(candidate, baseline, judged: judged, sample: sample, requestSamples: comparisonSamples ?? requestSamples, minimum: minimum,
                                  instances: { revision in targets.filter { $0.revision == revision }.count })
        }
        let outcome = AnalysisReport.outcome(judgements: judgements, comparisons: comparisons, gaps: gaps)
        return AnalysisReport(outcome: outcome, judgements: judgements, comparisons: comparisons, gaps: gaps, notMeasured: notMeasured,
                              problems: sample.problems, sample: sample)
    }

    /// Latency (Mann-Whitney) and error-rate (two proportions) comparisons, when the metrics are judged.
    private func compare(_ candidate: RevisionID, _ baseline: RevisionID, judged: [AnalysisPolicy.Metric], sample: MetricSample,
                         requestSamples: [RevisionID: RequestSamples], minimum: Int, instances: (RevisionID) -> Int) -> [Comparison] {
        var judge = configuration.comparison
        judge.minimumSamples = max(judge.minimumSamples, minimum)
        var comparisons: [Comparison] = []
        if judged.contains(.latencyP95) || judged.contains(.latencyP99) {
            let a: ComparisonJudge.LatencyData?, b: ComparisonJudge.LatencyData?
            var loads: (InstanceLoad, InstanceLoad)?
            if let left = requestSamples[candidate], let right = requestSamples[baseline], !left.latencies.isEmpty || !right.latencies.isEmpty {
                a = left.latencyData; b = right.latencyData
                loads = (left.load ?? InstanceLoad(instances: instances(candidate), requests: left.requests),
                         right.load ?? InstanceLoad(instances: instances(baseline), requests: right.requests))
            } else {
                a = sample.latencyHistograms[candidate].map { .histogram($0) }
                b = sample.latencyHistograms[baseline].map { .histogram($0) }
                if let a, let b { loads = (InstanceLoad(instances: instances(candidate), requests: a.count), InstanceLoad(instances: instances(baseline), requests: b.count)) }
            }
            if let a, let b {
                comparisons.append(judge.compareLatency(candidate: a, baseline: b, candidateName: candidate.rawValue, baselineName: baseline.rawValue,
                                                        candidateLoad: loads?.0, baselineLoad: loads?.1))
            }
        }
        if judged.contains(.errorRate) {
            var counts: (Int, Int, Int, Int)?
            if let left = requestSamples[candidate], let right = requestSamples[baseline] {
                counts = (left.errors, left.requests, right.errors, right.requests)
            } else if let left = sample.reading(.errorRate, revision: candidate), let right = sample.readings(.errorRate, revision: baseline).first(where: { $0.source == left.source }),
                      let n1 = left.samples, let n2 = right.samples {
                counts = (Int((left.value * Double(n1)).rounded()), n1, Int((right.value * Double(n2)).rounded()), n2)
            }
            if let (x1, n1, x2, n2) = counts {
                comparisons.append(judge.compareErrors(candidateErrors: x1, candidateRequests: n1, baselineErrors: x2, baselineRequests: n2,
                                                       candidateName: candidate.rawValue, baselineName: baseline.rawValue))
            }
        }
        return comparisons
    }
}
