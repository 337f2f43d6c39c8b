import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// The running instances of one service on the local runtime: starts and stops them, watches them for
/// crashes, probes their health on the check's interval, and keeps the state store's instance table true
/// (an instance is saved as soon as it exists and removed only once it is gone), and Prometheus's targets file
/// too when the manifest has one (an instance is listed once started, and no longer once stopped).
actor ServiceFleet {
    let service: Service
    let runtime: any ProcessRuntime
    let prober: any HealthProber
    let store: any StateStore
    let layout: StateLayout
    let ports: PortAllocator
    let targets: PrometheusTargets?
    private var instances: [String: FleetInstance] = [:]
    private var tracker: HealthTracker
    private var lastProbe: [String: ContinuousClock.Instant] = [:]
    /// Instances with a probe in flight.
    private var probing: Set<String> = []
    /// Signalled when a probe changes an instance's state, so that a rollout waiting for its next poll can
    /// act at once (the newest signal is kept until someone waits).
    private let changed = ChangeSignal()

    init(service: Service, runtime: any ProcessRuntime, prober: any HealthProber, store: any StateStore, layout: StateLayout,
         ports: PortAllocator, targets: PrometheusTargets? = nil) {
        self.service = service
        self.runtime = runtime
        self.prober = prober
        self.store = store
        self.layout = layout
        self.ports = ports
        self.targets = targets
        tracker = service.health.map(HealthTracker.init(check:)) ?? HealthTracker(healthyThreshold: 1, unhealthyThreshold: 1, startPeriod: .zero)
    }

    /// Returns when a probe has changed an instance's state since the last call (at once if one already has),
    /// or when the calling task is cancelled.
    nonisolated func nextChange() async {
        await changed.wait()
    }

    /// Takes over the instances the store knows of for this service (after Turnout restarted, or in a new
    /// command): each running one is probed once at once, and one that passes is taken as healthy (it was
    /// serving); one that fails starts over as `starting`, so the health thresholds decide. Instances whose
    /// process is gone count as crashed at the next refresh; instances whose stop was interrupted are stopped.
    func adopt(_ stored: [StoredInstance]) async throws {
        var adopted: [FleetInstance] = []
        for item in stored where item.service == service.name {
            let record = try JSONDecoder().decode(InstanceRecord.self, from: item.payload)
            adopted.append(FleetInstance(record: record, state: record.state == .stopping ? .stopping : .starting))
            tracker.started(record.id, at: record.startedAt)
        }
        // One probe per running instance, all at once: on a loaded host each can take up to its timeout.
        var results: [String: ProbeResult] = [:]
        if let check = service.health {
            let prober = self.prober
            let due = adopted.filter { $0.state == .starting && runtime.status($0.record).isRunning }
                .compactMap { instance in (check.port ?? instance.record.port).map { (instance.record.id, $0) } }
            results = await withTaskGroup(of: (String, ProbeResult).self) { group in
                for (id, port) in due { group.addTask { (id, await prober.probe(check, host: "127.0.0.1", port: port)) } }
                return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
        }
        let now = ContinuousClock.now
        for var instance in adopted {
            let id = instance.record.id
            if instance.state == .starting, runtime.status(instance.record).isRunning {
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

    /// Starts `count` instances of `revision` with `environment`, each on its own port.
    func start(revision: RevisionRecord, count: Int, environment: [EnvironmentVariable]) async throws -> [FleetInstance] {
        guard let release = revision.services[service.name], !release.command.isEmpty else {
            throw ControllerError("revision \(revision.number) has no command for service \(service.name)")
        }
        var started: [FleetInstance] = []
        for _ in 0..<count {
            let used = Set(instances.values.compactMap(\.record.port))
            let port = try ports.allocate(excluding: used)
            let ordinal = (instances.values.filter { $0.record.revision == revision.number }.map(\.record.ordinal).max() ?? 0) + 1
            let argv = InstanceSpec.substitutingPort(in: release.command, port: port)
            let spec = InstanceSpec(
                service: service.name, revision: revision.number, ordinal: ordinal, argv: argv,
                environment: environment + [EnvironmentVariable(name: "PORT", value: String(port))],
                port: port, workingDirectory: workingDirectory(revision),
                logPath: "\(layout.instanceLogs)/\(service.name)-r\(revision.number)-\(ordinal).log",
                stopTimeout: service.stopTimeout)
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
    func refresh() -> [FleetInstance] {
        let now = ContinuousClock.now
        for (id, instance) in instances where instance.state != .stopping && instance.state != .stopped {
            let status = runtime.status(instance.record)
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
            guard !probing.contains(id), let port = check.port ?? instance.record.port else { continue }
            if let last = lastProbe[id], now - last < check.interval.duration { continue }
            lastProbe[id] = now
            probing.insert(id)
            let prober = self.prober
            Task { await self.record(await prober.probe(check, host: "127.0.0.1", port: port), for: id) }
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

    /// Instances run in the manifest's folder, so relative paths in commands mean what they mean there.
    private func workingDirectory(_ revision: RevisionRecord) -> String {
        let directory = (revision.manifestPath as NSString).deletingLastPathComponent
        return directory.isEmpty || !FileManager.default.fileExists(atPath: directory) ? layout.root : directory
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
