import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// The running instances of one service, on whichever platform: starts and stops them, watches them for
/// crashes, probes their health on the check's interval, and keeps the state store's instance table true
/// (an instance is saved as soon as it exists and removed only once it is gone), and Prometheus's targets file
/// too when the manifest has one (an instance is listed once started, and no longer once stopped).
actor ServiceFleet {
    let service: Service
    let app: String
    let runtime: any InstanceRuntime
    let prober: any HealthProber
    let store: any StateStore
    let targets: PrometheusTargets?
    private var instances: [String: FleetInstance] = [:]
    private var tracker: HealthTracker
    private var lastProbe: [String: ContinuousClock.Instant] = [:]
    /// Instances with a probe in flight.
    private var probing: Set<String> = []
    /// Signalled when a probe changes an instance's state, so that a rollout waiting for its next poll can
    /// act at once (the newest signal is kept until someone waits).
    private let changed = ChangeSignal()

    init(service: Service, app: String, runtime: any InstanceRuntime, prober: any HealthProber, store: any StateStore, targets: PrometheusTargets? = nil) {
        self.service = service
        self.app = app
        self.runtime = runtime
        self.prober = prober
        self.store = store
        self.targets = targets
        tracker = service.health.map(HealthTracker.init(check:)) ?? HealthTracker(healthyThreshold: 1, unhealthyThreshold: 1, startPeriod: .zero)
    }

    /// Returns when a probe has changed an instance's state since the last call (at once if one already has),
    /// or when the calling task is cancelled.
    nonisolated func nextChange() async {
        await changed.wait()
    }

    /// Takes over this service's instances the store knows of, and those the platform lists that it does not
    /// (after Turnout restarted, or in a new command): each running one is probed once at once, and one that
    /// passes is taken as healthy (it was serving); one that fails starts over as `starting`, so the health
    /// thresholds decide. Instances that are gone count as crashed at the next refresh; instances whose stop
    /// was interrupted are stopped.
    func adopt(_ records: [InstanceRecord]) async throws {
        var adopted: [FleetInstance] = []
        for record in records where record.service == service.name {
            adopted.append(FleetInstance(record: record, state: record.state == .stopping ? .stopping : .starting))
            tracker.started(record.id, at: record.startedAt)
        }
        let statuses = await runtime.statuses(adopted.map(\.record))
        let running = Set(adopted.filter { statuses[$0.record.id]?.isRunning == true }.map(\.record.id))
        // One probe per running instance, all at once: on a loaded host each can take up to its timeout.
        var results: [String: ProbeResult] = [:]
        if let check = service.health {
            let prober = self.prober
            let due = adopted.filter { $0.state == .starting && running.contains($0.record.id) }.map(\.record)
            results = await withTaskGroup(of: (String, ProbeResult).self) { group in
                for record in due { group.addTask { (record.id, await prober.probe(check, instance: record)) } }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        let now = ContinuousClock.now
        for var instance in adopted {
            let id = instance.record.id
            if instance.state == .starting, running.contains(id) {
                if let check = service.health, let result = results[id] {
                    lastProbe[id] = now
                    if result.isPassed {
                        for _ in 0..<max(1, check.healthyThreshold) { _ = tracker.record(.passed, for: id, at: Date()) }
                    } else if case .failed(let reason) = result {
                        instance.lastFailure = reason
                    }
                    instance.state = tracker.state(of: id).map(Self.strategyState) ?? .starting
                } else {
                    instance.state = .healthy
                }
            }
            instances[id] = instance
            // An instance the platform listed but the store did not know is saved now.
            try save(instance)
        }
        // A stop that was under way when Turnout died is finished: the instance had already left the traffic
        // (routing changes come first), so its record must not outlive it as a crash.
        let interrupted = instances.values.filter { $0.state == .stopping }.map(\.record.id)
        if !interrupted.isEmpty { _ = try await stop(interrupted.sorted(), grace: service.stopTimeout) }
    }

    /// The Prometheus scrape targets of the live instances.
    var scrapeTargets: [PrometheusTargets.Target] {
        PrometheusTargets.targets(service: service.name, metricsPath: service.metricsPath, instances: all)
    }

    /// Lists the live instances in Prometheus's targets file (when there is one).
    private func publishTargets() throws {
        try targets?.update(service: service.name, scrapeTargets)
    }

    /// Every instance, oldest first.
    var all: [FleetInstance] { instances.values.sorted { ($0.record.startedAt, $0.record.id) < ($1.record.startedAt, $1.record.id) } }

    /// Starts `count` instances of `revision` with `environment`.
    func start(revision: RevisionRecord, count: Int, environment: [EnvironmentVariable]) async throws -> [FleetInstance] {
        guard let workload = revision.workload(of: service.name) else {
            throw ControllerError("revision \(revision.number) has no command or image for service \(service.name)")
        }
        var started: [FleetInstance] = []
        for _ in 0..<count {
            let ordinal = (instances.values.filter { $0.record.revision == revision.number }.map(\.record.ordinal).max() ?? 0) + 1
            let spec = InstanceSpec(
                app: app, service: service.name, revision: revision.number, ordinal: ordinal, workload: workload, environment: environment,
                port: service.port, extraPorts: [service.health?.port].compactMap { $0 }.filter { $0 != service.port },
                cpuLimit: service.resources.cpuLimit?.cores, memoryLimit: service.resources.memoryLimit.map { Int64($0.bytes) }, stopTimeout: service.stopTimeout)
            let record = try await runtime.start(spec)
            let instance = FleetInstance(record: record, state: .starting)
            instances[record.id] = instance
            tracker.started(record.id, at: record.startedAt)
            try save(instance)
            started.append(instance)
            try publishTargets()
        }
        return started
    }

    /// Stops the instances `ids` (SIGTERM, then SIGKILL after `grace`) and forgets them.
    func stop(_ ids: [String], grace: TimeSpan) async throws -> [String: StopResult] {
        var results: [String: StopResult] = [:]
        try await withThrowingTaskGroup(of: (String, StopResult).self) { group in
            for id in ids {
                guard var instance = instances[id] else { continue }
                instance.state = .stopping
                instance.record.state = .stopping
                instances[id] = instance
                try save(instance)
                let runtime = self.runtime
                group.addTask { (id, try await runtime.stop(instance.record, timeout: grace)) }
            }
            for try await (id, result) in group {
                results[id] = result
                instances[id] = nil
                tracker.forget(id)
                lastProbe[id] = nil
                try store.removeInstance(id: id)
            }
        }
        try publishTargets()
        return results
    }

    /// Forgets instances whose process is gone (crashed ones the strategy has seen), keeping the store true.
    func forgetDead() throws -> [String] {
        let dead = instances.values.filter { $0.state == .crashed }.map(\.record.id)
        for id in dead {
            instances[id] = nil
            tracker.forget(id)
            lastProbe[id] = nil
            try store.removeInstance(id: id)
        }
        if !dead.isEmpty { try publishTargets() }
        return dead.sorted()
    }

    /// Checks every instance for a crash, starts the probes whose interval has passed, and returns them all
    /// at once. Probes run beside the deploy loop (a probe of a busy instance can take up to its timeout, and
    /// waiting for it would hold every other decision): each result updates the instance when it arrives and
    /// shows in the next refresh. An instance has at most one probe in flight; its interval counts from the
    /// start of the previous probe.
    func refresh() async -> [FleetInstance] {
        let now = ContinuousClock.now
        let watched = instances.values.filter { $0.state != .stopping && $0.state != .stopped }.map(\.record)
        let statuses = await runtime.statuses(watched)
        for (id, moved) in await runtime.relocations(watched) where instances[id] != nil {
            // The scheduler brought the instance back elsewhere: a new endpoint, health checked from scratch
            // (the router sends it nothing until it passes again).
            instances[id]?.record = moved
            instances[id]?.state = .starting
            instances[id]?.lastFailure = "moved to \(moved.endpoint.map(\.description) ?? "a new node")"
            tracker.forget(id)
            tracker.started(id, at: Date())
            lastProbe[id] = nil
            if let instance = instances[id] { try? save(instance) }
            try? publishTargets()
            changed.signal()
        }
        for record in watched {
            let id = record.id
            guard let instance = instances[id], instance.state != .stopping, instance.state != .stopped else { continue }
            let status = statuses[id] ?? .gone
            if !status.isRunning {
                if instance.state != .crashed {
                    _ = tracker.recordCrash(of: id, status: status, at: Date())
                    instances[id]?.state = .crashed
                    instances[id]?.lastFailure = "\(id) \(status)"
                    instances[id]?.record.state = .exited
                }
                continue
            }
            guard let check = service.health else {
                instances[id]?.state = .healthy
                continue
            }
            guard !probing.contains(id) else { continue }
            if let last = lastProbe[id], now - last < check.interval.duration { continue }
            lastProbe[id] = now
            probing.insert(id)
            let prober = self.prober
            Task { await self.record(await prober.probe(check, instance: record), for: id) }
        }
        return all
    }

    /// Applies a probe's result, unless the instance stopped, crashed or was forgotten meanwhile.
    private func record(_ result: ProbeResult, for id: String) {
        probing.remove(id)
        guard let instance = instances[id], instance.state != .stopping, instance.state != .stopped, instance.state != .crashed else { return }
        let now = Date()
        let state = Self.strategyState(tracker.record(result, for: id, at: now))
        instances[id]?.state = state
        if case .failed(let reason) = result { instances[id]?.lastFailure = reason }
        if state == .healthy, instance.record.readyAt == nil, let ready = instances[id] {
            // Its warm-up starts now; stored so that `turnout status` and a resumed deploy see it.
            instances[id]?.record.readyAt = now
            try? save(instances[id] ?? ready)
        }
        if state != instance.state { changed.signal() }
    }

    static func strategyState(_ state: HealthTracker.State) -> Instance.State {
        switch state {
        case .starting: return .starting
        case .healthy: return .healthy
        case .unhealthy: return .unhealthy
        }
    }

    private func save(_ instance: FleetInstance) throws {
        try store.saveInstance(StoredInstance(
            id: instance.record.id, service: service.name, revision: instance.record.revision,
            payload: try JSONEncoder().encode(instance.record)))
    }
}
