import Foundation
import Glibc
import TurnoutRuntime

/// The Prometheus `file_sd` file (`STATE/prometheus/targets.json`) listing every live instance of every
/// service that has a `metrics_path`: one target group per instance, labelled `service`, `revision` (the
/// revision id the analysis asks about, e.g. `r2`), `instance_id` and `__metrics_path__`. Fleets report their
/// instances whenever they start or stop some; the whole file is rewritten atomically (temp file + rename) so
/// that Prometheus never reads half of it.
final class PrometheusTargets: @unchecked Sendable {
    /// One instance's scrape target.
    struct Target: Sendable, Hashable, Comparable {
        var service: String
        var revision: Int
        var instanceID: String
        var endpoint: Endpoint
        var metricsPath: String

        static func < (a: Target, b: Target) -> Bool { (a.service, a.instanceID) < (b.service, b.instanceID) }
    }

    /// The file written.
    let path: String
    private let lock = NSLock()
    private var byService: [String: [Target]] = [:]

    /// Creates the writer of `path`; nothing is written until the first update.
    init(path: String) { self.path = path }

    /// Replaces the targets of every service at once (after a command adopted the running instances).
    func replaceAll(_ targets: [Target]) throws {
        try lock.withLock {
            byService = Dictionary(grouping: targets, by: \.service)
            try write()
        }
    }

    /// Replaces `service`'s targets.
    func update(service: String, _ targets: [Target]) throws {
        try lock.withLock {
            byService[service] = targets
            try write()
        }
    }

    /// The targets of the live instances among `instances` for a service whose metrics are at `metricsPath`.
    static func targets(service: String, metricsPath: String?, instances: [FleetInstance]) -> [Target] {
        guard let metricsPath else { return [] }
        return instances.filter { $0.state.isLive }.compactMap { instance in
            instance.record.endpoint.map {
                Target(service: service, revision: instance.record.revision, instanceID: instance.record.id, endpoint: $0, metricsPath: metricsPath)
            }
        }
    }

    /// The file's content: a JSON list of `{targets, labels}` groups, sorted by service and instance.
    static func render(_ targets: [Target]) throws -> Data {
        let groups = targets.sorted().map { target -> [String: Any] in
            [
                "targets": [target.endpoint.description],
                "labels": [
                    "service": target.service, "revision": RevisionNaming.id(target.revision).rawValue,
                    "instance_id": target.instanceID, "__metrics_path__": target.metricsPath,
                ],
            ]
        }
        return try JSONSerialization.data(withJSONObject: groups, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Writes an empty list to `path` (nothing runs any more), when the file exists.
    static func clear(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try replaceAtomically(path, with: try render([]))
    }

    private func write() throws {
        try Self.replaceAtomically(path, with: try Self.render(byService.values.flatMap { $0 }))
    }

    /// Writes `data` to a temporary file beside `path` and renames it over `path`.
    static func replaceAtomically(_ path: String, with data: Data) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw ControllerError("cannot write \(temporary)", hint: "check that \(directory) is writable")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ControllerError("cannot replace \(path): \(reason)")
        }
    }
}
