import Foundation
import TurnoutManifest
import TurnoutStrategies

/// The built-in analysis of web services: reads nginx's JSON access log over the window, attributes each
/// upstream attempt to the revision whose instance served it, and judges the candidate's error rate and
/// P95/P99 latency against the SLOs and against the baseline revision over the same window.
///
/// Failures the application cannot report count too: an attempt that got no response (refused, reset,
/// timed out) counts as a 5xx of the revision that caused it. Too few requests make the verdict
/// inconclusive, never a pass. Metrics this source cannot see (cache hit rate, queue length, CPU, Redis
/// memory) are left to other sources.
public struct NginxLogAnalysis: AnalysisRunner {
    /// A canary P99 above this multiple of the baseline's (and above it by more than `latencyFloor`) fails.
    public var latencyRatio: Double
    /// The absolute floor under which latency differences never fail a release.
    public var latencyFloor: Double

    /// Creates the analysis.
    public init(latencyRatio: Double = 1.5, latencyFloor: Double = 0.050) {
        self.latencyRatio = latencyRatio
        self.latencyFloor = latencyFloor
    }

    /// What one revision did in the window.
    struct Sample {
        var attempts = 0
        var errors = 0
        var latencies: [Double] = []

        var errorRate: Double { attempts == 0 ? 0 : Double(errors) / Double(attempts) }
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(rank, 0), sorted.count - 1)]
        }
    }

    /// Web services only: workers take no requests through nginx.
    public func canMeasure(_ service: Service) -> Bool { service.role == .web }

    public func analyze(_ request: AnalysisRequest, context: AnalysisContext) async -> AnalysisVerdict.Outcome {
        guard context.service.role == .web else {
            return .inconclusive("no metric source for worker services in the built-in analysis (nginx log covers web services)")
        }
        let window = request.policy.window
        let start = context.now.addingTimeInterval(-window.seconds)
        let entries: [AccessLogReader.Entry]
        do {
            entries = try AccessLogReader(path: context.accessLogPath).entries(since: start)
        } catch {
            return .inconclusive("cannot read nginx access log \(context.accessLogPath): \(error)")
        }
        let samples = Self.samples(entries, instances: context.instances)
        let candidate = samples[request.candidate] ?? Sample()
        let windowText = "over the last \(window)"
        guard candidate.attempts >= max(1, request.policy.minSamples) else {
            return .inconclusive("\(candidate.attempts) request(s) reached \(request.candidate) \(windowText); at least \(max(1, request.policy.minSamples)) needed")
        }
        let metrics = Set(request.policy.metrics)
        let p95 = candidate.percentile(95), p99 = candidate.percentile(99)
        if metrics.contains(.errorRate), candidate.errorRate > context.slo.errorRate.fraction {
            return .fail(String(format: "error_rate of %@ is %.2f%% (%d of %d requests failed) %@, above the SLO of %@",
                                request.candidate.rawValue, candidate.errorRate * 100, candidate.errors, candidate.attempts, windowText,
                                context.slo.errorRate.description))
        }
        if metrics.contains(.latencyP95), p95 > context.slo.latencyP95.seconds {
            return .fail(String(format: "latency_p95 of %@ is %.0f ms %@, above the SLO of %@", request.candidate.rawValue, p95 * 1000,
                                windowText, context.slo.latencyP95.description))
        }
        if metrics.contains(.latencyP99), p99 > context.slo.latencyP99.seconds {
            return .fail(String(format: "latency_p99 of %@ is %.0f ms %@, above the SLO of %@", request.candidate.rawValue, p99 * 1000,
                                windowText, context.slo.latencyP99.description))
        }
        if request.policy.compareWithStable, let baselineID = request.baseline, let baseline = samples[baselineID],
           baseline.attempts >= max(1, request.policy.minSamples) {
            let baseP99 = baseline.percentile(99)
            if metrics.contains(.latencyP99), p99 > baseP99 * latencyRatio, p99 - baseP99 > latencyFloor {
                return .fail(String(format: "latency_p99 of %@ is %.0f ms against %.0f ms for %@ %@ (more than %.1fx and %.0f ms worse)",
                                    request.candidate.rawValue, p99 * 1000, baseP99 * 1000, baselineID.rawValue, windowText,
                                    latencyRatio, latencyFloor * 1000))
            }
            if metrics.contains(.errorRate), candidate.errors > 0, candidate.errorRate > max(baseline.errorRate * 2, context.slo.errorRate.fraction / 2),
               candidate.errorRate - baseline.errorRate > 0.001 {
                return .fail(String(format: "error_rate of %@ is %.2f%% against %.2f%% for %@ %@", request.candidate.rawValue,
                                    candidate.errorRate * 100, baseline.errorRate * 100, baselineID.rawValue, windowText))
            }
        }
        return .pass
    }

    /// Per revision: attempts, errors and latencies from the log entries.
    static func samples(_ entries: [AccessLogReader.Entry], instances: [FleetInstance]) -> [RevisionID: Sample] {
        var revisionByAddress: [String: RevisionID] = [:]
        for instance in instances {
            if let port = instance.record.port { revisionByAddress["127.0.0.1:\(port)"] = instance.instance.revision }
        }
        var samples: [RevisionID: Sample] = [:]
        for entry in entries {
            for (index, attempt) in entry.attempts.enumerated() {
                guard let revision = revisionByAddress[attempt.address] else { continue }
                var sample = samples[revision] ?? Sample()
                sample.attempts += 1
                let status = attempt.status ?? 502
                if status >= 500 { sample.errors += 1 }
                if index == entry.attempts.count - 1, status < 500 { sample.latencies.append(attempt.seconds ?? entry.requestTime) }
                samples[revision] = sample
            }
        }
        return samples
    }
}
