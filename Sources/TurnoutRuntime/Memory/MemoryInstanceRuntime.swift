import Foundation
import TurnoutManifest

/// An in-memory `InstanceRuntime` (and `HealthProber`) for unit tests of the code that drives a platform: it
/// records every start and stop, lets the test make instances healthy, unhealthy, crash or vanish, and lists
/// the instances it runs by their labels, as a container platform does.
public final class MemoryInstanceRuntime: InstanceRuntime, @unchecked Sendable {
    /// One simulated instance.
    public struct Instance: Sendable, Hashable {
        /// The spec it was started from.
        public var spec: InstanceSpec
        /// The record `start` returned.
        public var record: InstanceRecord
        /// What `status` reports.
        public var status: InstanceStatus
        /// Whether probes against its port pass while it runs.
        public var healthy: Bool
        /// Whether it ignores SIGTERM (a stop then ends in `killedAfterTimeout`).
        public var ignoresTerminate: Bool
    }

    private let lock = NSLock()
    private var instancesByID: [String: Instance] = [:]
    private var startLog: [InstanceSpec] = []
    private var stopLog: [String] = []
    private var nextNumber = 0
    private var failures: [String: RuntimeError] = [:]
    private let healthyOnStart: Bool

    /// Creates an empty runtime; `healthyOnStart` decides whether new instances pass probes at once.
    public init(healthyOnStart: Bool = false) { self.healthyOnStart = healthyOnStart }

    /// Starts a simulated instance, or throws the error registered with `failStarts(of:with:)`.
    public func start(_ spec: InstanceSpec) async throws -> InstanceRecord {
        try locked {
            if let error = failures[spec.service] { throw error }
            if case .command(let argv, _) = spec.workload, argv.isEmpty { throw RuntimeError(.emptyCommand, "\(spec.instanceID) has an empty command") }
            nextNumber += 1
            let record = InstanceRecord(
                id: spec.instanceID, service: spec.service, revision: spec.revision, ordinal: spec.ordinal,
                endpoint: spec.port.map { _ in .loopback(40_000 + nextNumber) },
                handle: InstanceHandle(kind: "memory", id: "m\(nextNumber)", attributes: spec.labels), startedAt: Date(), state: .running)
            instancesByID[record.id] = Instance(
                spec: spec, record: record, status: .running, healthy: healthyOnStart, ignoresTerminate: false)
            startLog.append(spec)
            return record
        }
    }

    /// Stops a simulated instance: `exited(0)`, or `killedAfterTimeout` when it ignores SIGTERM.
    public func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult {
        locked {
            stopLog.append(record.id)
            guard var instance = matching(record), instance.status == .running else { return .alreadyGone }
            let result: StopResult = instance.ignoresTerminate ? .killedAfterTimeout : .exited(code: 0)
            instance.status = instance.ignoresTerminate ? .signalled(signal: 9) : .exited(code: 0)
            instancesByID[record.id] = instance
            return result
        }
    }

    /// The simulated statuses; a record whose handle does not match is `gone`.
    public func statuses(_ records: [InstanceRecord]) async -> [String: InstanceStatus] {
        locked { Dictionary(records.map { ($0.id, matching($0)?.status ?? .gone) }, uniquingKeysWith: { $1 }) }
    }

    /// Running instances labelled with `app` that `known` does not name.
    public func discover(app: String, known: [InstanceRecord]) async throws -> [InstanceRecord] {
        let names = Set(known.map(\.handle))
        return locked {
            instancesByID.values.filter { $0.status == .running && $0.record.handle.attributes[InstanceLabels.app] == app && !names.contains($0.record.handle) }
                .map(\.record).sorted { $0.id < $1.id }
        }
    }

    /// Makes probes against instance `id` pass (`true`) or fail (`false`).
    public func setHealthy(_ id: String, _ healthy: Bool = true) {
        locked { instancesByID[id]?.healthy = healthy }
    }

    /// Ends instance `id` with `exitCode`, as a crash.
    public func crash(_ id: String, exitCode: Int32 = 1) {
        locked { instancesByID[id]?.status = .exited(code: exitCode) }
    }

    /// Makes instance `id` disappear without a trace (as after a reboot).
    public func vanish(_ id: String) {
        locked { instancesByID[id]?.status = .gone }
    }

    /// Makes instance `id` ignore SIGTERM.
    public func ignoreTerminate(_ id: String) {
        locked { instancesByID[id]?.ignoresTerminate = true }
    }

    /// Makes every later start of `service` throw `error` (`nil` clears it).
    public func failStarts(of service: String, with error: RuntimeError?) {
        locked { failures[service] = error }
    }

    /// Every instance ever started, by ID.
    public var instances: [String: Instance] { locked { instancesByID } }
    /// The specs passed to `start`, in order.
    public var startedSpecs: [InstanceSpec] { locked { startLog } }
    /// The IDs passed to `stop`, in order.
    public var stoppedIDs: [String] { locked { stopLog } }
    /// The IDs of instances currently running.
    public var runningIDs: Set<String> { locked { Set(instancesByID.values.filter { $0.status == .running }.map(\.record.id)) } }

    func running(_ record: InstanceRecord) -> Instance? {
        locked { matching(record).flatMap { $0.status == .running ? $0 : nil } }
    }

    private func matching(_ record: InstanceRecord) -> Instance? {
        guard let instance = instancesByID[record.id], instance.record.handle == record.handle else { return nil }
        return instance
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
