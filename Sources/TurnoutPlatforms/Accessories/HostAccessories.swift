import Foundation
import TurnoutManifest
import TurnoutRuntime

/// Accessories as servers on this host, for the platforms whose instances reach the host: Redis and
/// PostgreSQL started (or adopted from their records in `STATE/accessories/NAME.json`) when managed and checked
/// when not, and the managed Prometheus under `STATE/prometheus`. `instanceHost` is the address the instances
/// reach the host at: loopback for local processes, the Docker network's gateway for containers (the servers
/// then listen there too).
public struct HostAccessories: AccessoryProvider {
    /// The state directory.
    public let layout: StateLayout
    /// Where instances reach this host's servers; `nil` for loopback (as the manifest writes the URLs).
    public let instanceHost: String?
    /// The subnet instances connect from when they do not use loopback.
    public let instanceSubnet: String?

    /// Creates the provider.
    public init(layout: StateLayout, instanceHost: String? = nil, instanceSubnet: String? = nil) {
        self.layout = layout
        self.instanceHost = instanceHost
        self.instanceSubnet = instanceSubnet
    }

    public func ensure(_ manifest: Manifest, report: @Sendable (String) -> Void) async throws -> [String: String] {
        var manager = AccessoryManager(stateDirectory: layout.accessories, application: manifest.app)
        if let instanceHost, let instanceSubnet {
            guard NetworkAddress.isIPv4(instanceHost), NetworkAddress.isIPv4CIDR(instanceSubnet) else {
                throw RuntimeError(.setupFailed, "the container network's gateway \(instanceHost) or subnet \(instanceSubnet) is not IPv4")
            }
            manager.extraListen = (instanceHost, instanceSubnet)
        }
        var urls: [String: String] = [:]
        for accessory in manifest.accessories {
            let recordPath = "\(layout.accessories)/\(accessory.name).json"
            let existing = FileManager.default.contents(atPath: recordPath).flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }
            let record = try await manager.ensureRunning(accessory, existing: existing)
            if accessory.managed, existing?.pid != record.pid {
                report("started \(accessory.kind.rawValue) \(accessory.name) on port \(record.port) (PID \(record.pid.map(String.init) ?? "?"))")
            }
            try FileManager.default.createDirectory(atPath: layout.accessories, withIntermediateDirectories: true)
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: recordPath), options: .atomic)
            urls[accessory.name] = Self.url(accessory.url, reachedAt: accessory.managed ? instanceHost : nil)
        }
        return urls
    }

    public func ensurePrometheus(scrapeInterval: TimeSpan, targetsFile: String) async throws -> (endpoint: Endpoint, started: Bool, process: String) {
        let server = PrometheusServer(directory: layout.prometheus)
        let existing = FileManager.default.contents(atPath: layout.prometheusRecord).flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }
        let record = try await server.ensureRunning(scrapeInterval: scrapeInterval, targetsFile: targetsFile, existing: existing)
        try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: layout.prometheusRecord), options: .atomic)
        return (Endpoint(host: record.host, port: record.port), existing?.pid != record.pid, "PID \(record.pid.map(String.init) ?? "?")")
    }

    public func statuses() async -> [AccessoryState] {
        let manager = AccessoryManager(stateDirectory: layout.accessories)
        return records().map { _, record in
            let state = !record.managed ? "external" : manager.isRunning(record) ? "running" : "not running"
            return AccessoryState(name: record.name, kind: record.kind, state: state, pid: record.managed ? record.pid : nil,
                                  endpoint: "\(record.host):\(record.port)", directory: record.directory, socketDirectory: record.socketDirectory)
        }
    }

    public func stopAll() async -> [String] {
        let manager = AccessoryManager(stateDirectory: layout.accessories)
        var stopped: [String] = []
        for (path, record) in records() {
            if record.managed {
                _ = try? await manager.stop(record)
                stopped.append("accessory \(record.name)")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        if let data = FileManager.default.contents(atPath: layout.prometheusRecord),
           let record = try? JSONDecoder().decode(AccessoryRecord.self, from: data) {
            let result = try? await PrometheusServer(directory: layout.prometheus).stop(record)
            try? FileManager.default.removeItem(atPath: layout.prometheusRecord)
            stopped.append("prometheus (\(result.map { "\($0)" } ?? "not stopped"))")
        }
        return stopped
    }

    /// The accessory records kept in `STATE/accessories/NAME.json`, in name order, each with its file's path.
    func records() -> [(path: String, record: AccessoryRecord)] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: layout.accessories)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return files.compactMap { file in
            let path = layout.accessories + "/" + file
            return FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }.map { (path, $0) }
        }
    }

    /// `url` with its host replaced by `host` (when given): how an instance elsewhere reaches a server on this host.
    static func url(_ url: String, reachedAt host: String?) -> String {
        guard let host, var components = URLComponents(string: url) else { return url }
        components.host = host
        return components.string ?? url
    }
}
