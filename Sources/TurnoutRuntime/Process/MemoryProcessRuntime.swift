import Foundation
import TurnoutManifest

/// An in-memory `ProcessRuntime` (and `HealthProber`) for unit tests of the code that drives a runtime: it
/// records every start and stop, and lets the test make instances healthy, unhealthy, crash or vanish.
public final class MemoryProcessRuntime: ProcessRuntime, @unchecked Sendable {
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
    private var nextPID: Int32 = 10_000
    private var failures: [String: RuntimeError] = [:]
    private let healthyOnStart: Bool

    /// Creates an empty runtime; `healthyOnStart` decides whether new instances pass probes at once.
    public init(healthyOnStart: Bool = false) { self.healthyOnStart = healthyOnStart }

    /// Starts a simulated instance, or throws the error registered with `failStarts(of:with:)`.
    public func start(_ spec: InstanceSpec) async throws -> InstanceRecord {
        try locked {
            if let error = failures[spec.service] { throw error }
            guard !spec.argv.isEmpty else { throw RuntimeError(.emptyCommand, "\(spec.instanceID) has an empty command") }
            nextPID += 1
            let record = InstanceRecord(
                id: spec.instanceID, service: spec.service, revision: spec.revision, ordinal: spec.ordinal,
                pid: nextPID, processStartTime: UInt64(nextPID) * 7, port: spec.port, logPath: spec.logPath,
                startedAt: Date(), state: .running)
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

    /// The simulated status; a record whose PID or start time does not match is `gone`.
    public func status(_ record: InstanceRecord) -> InstanceStatus {
        locked { matching(record)?.status ?? .gone }
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

    func runningInstance(onPort port: Int) -> Instance? {
        locked { instancesByID.values.first { $0.record.port == port && $0.status == .running } }
    }

    private func matching(_ record: InstanceRecord) -> Instance? {
        guard let instance = instancesByID[record.id], instance.record.pid == record.pid,
            instance.record.processStartTime == record.processStartTime
        else { return nil }
        return instance
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
