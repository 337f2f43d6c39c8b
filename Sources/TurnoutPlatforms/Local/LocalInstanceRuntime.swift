import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The local platform's instances: processes on this host, each on a loopback port of its own.
///
/// A command workload's `${PORT}` becomes the instance's port, which it also gets as `PORT`; it runs from its
/// working directory (the manifest's folder, or the state directory when that folder is gone) with its output
/// appended to `LOGS/ID.log`. Processes are not labelled, so there is nothing to discover: the state store's
/// records (a PID with its start time) are the truth, checked against `/proc`.
public final class LocalInstanceRuntime: InstanceRuntime, @unchecked Sendable {
    /// Spawns, signals and watches the processes.
    public let processes: LocalProcessRuntime
    /// Hands out the instances' ports.
    public let ports: PortAllocator
    /// Where each instance's output goes.
    public let logDirectory: String
    /// Where an instance runs when its working directory is gone.
    public let fallbackDirectory: String
    private let lock = NSLock()
    /// Ports handed out by this runtime and not yet released (a starting process may not have bound its own yet).
    private var assigned: [String: Int] = [:]

    /// Creates the runtime.
    public init(processes: LocalProcessRuntime = LocalProcessRuntime(), ports: PortAllocator = PortAllocator(), logDirectory: String,
                fallbackDirectory: String) {
        self.processes = processes
        self.ports = ports
        self.logDirectory = logDirectory
        self.fallbackDirectory = fallbackDirectory
    }

    public func start(_ spec: InstanceSpec) async throws -> InstanceRecord {
        guard case .command(let argv, var directory) = spec.workload else {
            throw RuntimeError(.setupFailed, "\(spec.instanceID): the local runtime runs commands, and \(spec.service) has only an image",
                               hint: "give the service a `command`, or set `runtime: docker`")
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue { directory = fallbackDirectory }
        let port = try lock.withLock {
            let port = try ports.allocate(excluding: Set(assigned.values))
            assigned[spec.instanceID] = port
            return port
        }
        let process = ProcessSpec(
            service: spec.service, revision: spec.revision, ordinal: spec.ordinal, argv: InstanceSpec.substitutingPort(in: argv, port: port),
            environment: spec.environment + [EnvironmentVariable(name: "PORT", value: String(port))], port: port,
            workingDirectory: directory, logPath: "\(logDirectory)/\(spec.instanceID).log", stopTimeout: spec.stopTimeout)
        do {
            let handle = try await processes.start(process)
            return InstanceRecord(id: spec.instanceID, service: spec.service, revision: spec.revision, ordinal: spec.ordinal,
                                  endpoint: .loopback(port), handle: handle.handle, startedAt: Date())
        } catch {
            lock.withLock { assigned[spec.instanceID] = nil }
            throw error
        }
    }

    public func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult {
        defer { lock.withLock { assigned[record.id] = nil } }
        guard let handle = ProcessHandle(record.handle) else { return .alreadyGone }
        return try await processes.stop(handle, timeout: timeout)
    }

    public func statuses(_ records: [InstanceRecord]) async -> [String: InstanceStatus] {
        Dictionary(records.map { record in (record.id, ProcessHandle(record.handle).map(processes.status) ?? .gone) }, uniquingKeysWith: { $1 })
    }

    public func discover(app: String, known: [InstanceRecord]) async throws -> [InstanceRecord] { [] }
}
