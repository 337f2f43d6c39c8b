import Foundation
import TurnoutAnalysis
import TurnoutStrategies

/// Per-revision request observations from nginx's JSON access log: every upstream attempt is attributed to
/// the revision whose instance served it, so failures the application cannot report (502, 504, refused
/// connections) count against the revision that caused them. Latencies are kept by route, and each revision's
/// load (instances sent requests, requests, their routing weight) beside them.
enum AccessLogSamples {
    /// Attempts, errors and latencies per revision over `entries`. An attempt on an instance counts only
    /// from `countsFrom[id]` on (the end of its warm-up); `weights` (instance id -> nginx weight) gives each
    /// revision's routing weight.
    static func samples(_ entries: [AccessLogReader.Entry], instances: [FleetInstance], countsFrom: [String: Date] = [:],
                        weights: [String: Int]? = nil) -> [RevisionID: RequestSamples] {
        var byAddress: [String: (id: String, revision: RevisionID)] = [:]
        for instance in instances {
            if let endpoint = instance.record.endpoint { byAddress[endpoint.description] = (instance.record.id, instance.instance.revision) }
        }
        var samples: [RevisionID: RequestSamples] = [:]
        var served: [RevisionID: Set<String>] = [:]
        for entry in entries {
            for (index, attempt) in entry.attempts.enumerated() {
                guard let target = byAddress[attempt.address] else { continue }
                if let from = countsFrom[target.id], entry.time < from { continue }
                // Mutated in place: a copy taken out of the dictionary would copy its arrays on every append.
                samples[target.revision, default: .empty].requests += 1
                let status = attempt.status ?? 502
                if status >= 500 { samples[target.revision, default: .empty].errors += 1 }
                if index == entry.attempts.count - 1, status < 500 {
                    samples[target.revision, default: .empty].addLatency(attempt.seconds ?? entry.requestTime, route: entry.route)
                }
                if served[target.revision]?.contains(target.id) != true { served[target.revision, default: []].insert(target.id) }
            }
        }
        for (revision, ids) in served {
            let known = weights.map { weights in ids.compactMap { weights[$0] } } ?? []
            let weight = known.isEmpty ? nil : Double(known.reduce(0, +)) / Double(known.count)
            let requests = samples[revision]?.requests ?? 0
            samples[revision]?.load = InstanceLoad(instances: ids.count, requests: requests, routingWeight: weight)
        }
        return samples
    }
}
