import Foundation
import TurnoutAnalysis
import TurnoutStrategies

/// Per-revision request observations from nginx's JSON access log: every upstream attempt is attributed to
/// the revision whose instance served it, so failures the application cannot report (502, 504, refused
/// connections) count against the revision that caused them.
enum AccessLogSamples {
    /// Attempts, errors and latencies per revision over `entries`.
    static func samples(_ entries: [AccessLogReader.Entry], instances: [FleetInstance]) -> [RevisionID: RequestSamples] {
        var revisionByAddress: [String: RevisionID] = [:]
        for instance in instances {
            if let port = instance.record.port { revisionByAddress["127.0.0.1:\(port)"] = instance.instance.revision }
        }
        var samples: [RevisionID: RequestSamples] = [:]
        for entry in entries {
            for (index, attempt) in entry.attempts.enumerated() {
                guard let revision = revisionByAddress[attempt.address] else { continue }
                var sample = samples[revision] ?? RequestSamples(latencies: [], requests: 0, errors: 0)
                sample.requests += 1
                let status = attempt.status ?? 502
                if status >= 500 { sample.errors += 1 }
                if index == entry.attempts.count - 1, status < 500 { sample.latencies.append(attempt.seconds ?? entry.requestTime) }
                samples[revision] = sample
            }
        }
        return samples
    }
}
