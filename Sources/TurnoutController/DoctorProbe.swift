import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// Takes `turnout doctor`'s two samples `window` apart with the rollout analysis's sources, configured per
/// service by `ServiceMeasurement`, and turns them into `DoctorMeasurements`: request figures from nginx's
/// access log (the instances' `/metrics` when nginx logged none), CPU per service from the platform's counters,
/// the cache hit rate
/// (`DoctorCacheHitRate`: the API instances' own counters, else Redis's), Redis memory, and per queue its length at both ends of the window and the jobs completed meanwhile.
struct DoctorProbe {
    let manifest: Manifest
    /// The running instances of the stable revision, by service.
    let instances: [String: [FleetInstance]]
    /// The router's request log, when it keeps one.
    let accessLogPath: String?
    /// The platform's resource counters, when it has them.
    let resources: (any ResourceReader)?
    let window: TimeSpan

    /// One service's sources.
    private struct ServiceSources {
        var service: Service
        var metrics: InstanceMetricsSource?
        var cpu: ResourceUsageSource?
        var cores: Double?
        var coresText: String
    }

    func measure() async throws -> (DoctorMeasurements, [String]) {
        var notes: [String] = []
        let hostCores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let services = manifest.services.filter { instances[$0.name] != nil }.map { service -> ServiceSources in
            let limit = service.resources.cpuLimit?.cores
            let cores = limit ?? hostCores
            let configuration = ServiceMeasurement.configuration(for: service, in: manifest, slo: manifest.slo,
                                                                 resources: resources.map { ($0, cores) })
            notes += configuration.problems
            return ServiceSources(service: service, metrics: configuration.instanceMetrics.map { InstanceMetricsSource(settings: $0) },
                                  cpu: configuration.resources.map { ResourceUsageSource(reader: $0.reader, coresPerInstance: $0.coresPerInstance) }, cores: cores,
                                  coresText: limit != nil ? "of its \(Self.cores(cores)) CPU limit" : "of this host's \(Self.cores(cores)) (no CPU limit)")
        }
        let redis = redisSource(notes: &notes)

        let start = Date()
        let first = await sample(services, redis: redis, at: start)
        try await Task.sleep(for: window.duration)
        let end = Date()
        let seconds = end.timeIntervalSince(start)
        let second = await sample(services, redis: redis, at: end, window: seconds)

        var figures: [DoctorMeasurements.ServiceFigures] = []
        for entry in services {
            let service = entry.service
            let fleet = instances[service.name] ?? []
            var readings: [MetricReading] = []
            if service.role == .web {
                readings += try requestReadings(service, fleet: fleet, since: start, fallback: second.bySource[service.name + "/metrics"], notes: &notes)
            }
            if let cpu = second.bySource[service.name + "/cpu"]?.readings.first(where: { $0.name == .cpu }) {
                var reading = cpu
                reading.source += " \(entry.coresText), mean of \(cpu.samples ?? fleet.count) instance(s)"
                readings.append(reading)
            }
            notes += (second.bySource[service.name + "/metrics"]?.problems ?? []) + (second.bySource[service.name + "/cpu"]?.problems ?? [])
            figures.append(.init(name: service.name, role: service.role, readings: readings))
        }
        var measured = DoctorMeasurements(slo: manifest.slo, window: window, seconds: seconds, services: figures)
        let instanceCache = services.filter { $0.service.role == .web }.flatMap { second.bySource[$0.service.name + "/metrics"]?.readings ?? [] }
        measured.cacheHitRate = DoctorCacheHitRate.choose(
            instances: instanceCache, redis: second.bySource["redis"]?.readings.first { $0.name == .cacheHitRate })
        if let redisSample = second.bySource["redis"] {
            measured.redisMemory = redisSample.readings.first { $0.name == .redisMemory }
            notes += redisSample.problems
            measured.queues = queueFigures(first: first.bySource["redis"], second: redisSample)
        }
        return (measured, notes)
    }

    /// The Redis the services use (the web services' first), reading every worker queue and its counter.
    private func redisSource(notes: inout [String]) -> RedisInfoSource? {
        let users = manifest.services.sorted { ($0.role == .web ? 0 : 1) < ($1.role == .web ? 0 : 1) }
        guard let url = users.lazy.compactMap({ ServiceMeasurement.redisURL(for: $0, in: manifest) }).first else {
            notes.append("no service uses a Redis accessory: cache hit rate, Redis memory and queue lengths are not measured")
            return nil
        }
        let queues = Array(Set(manifest.services.filter { $0.role == .worker }.flatMap(\.queues))).sorted()
        let configuration = AnalysisConfiguration(service: "redis", redisURL: url, queues: queues)
        notes += configuration.problems
        guard var settings = configuration.redis else { return nil }
        settings.completedKeys = RedisInfoSource.defaultCompletedKeys(queues)
        return RedisInfoSource(settings: settings)
    }

    private struct Snapshot { var bySource: [String: MetricSample] }

    private func sample(_ services: [ServiceSources], redis: RedisInfoSource?, at now: Date, window: Double? = nil) async -> Snapshot {
        let span = TimeSpan(milliseconds: Int64(((window ?? self.window.seconds) * 1000).rounded(.down)))
        var jobs: [(String, any MetricSource, SampleRequest)] = []
        for entry in services {
            let targets = ServiceMeasurement.targets(instances[entry.service.name] ?? [])
            let request = SampleRequest(window: span, now: now, targets: targets, service: entry.service.name)
            if let metrics = entry.metrics { jobs.append((entry.service.name + "/metrics", metrics, request)) }
            if let cpu = entry.cpu { jobs.append((entry.service.name + "/cpu", cpu, request)) }
        }
        if let redis { jobs.append(("redis", redis, SampleRequest(window: span, now: now))) }
        let results = await withTaskGroup(of: (String, MetricSample).self) { group in
            for (key, source, request) in jobs { group.addTask { (key, await source.sample(request)) } }
            var all: [String: MetricSample] = [:]
            for await (key, sample) in group { all[key] = sample }
            return all
        }
        return Snapshot(bySource: results)
    }

    /// P95, P99 and error rate of a web service over the window: from nginx's log, or its `/metrics`.
    private func requestReadings(_ service: Service, fleet: [FleetInstance], since start: Date, fallback: MetricSample?,
                                 notes: inout [String]) throws -> [MetricReading] {
        let byRevision = try accessLogPath.map { try ServiceMeasurement.requestSamples(accessLog: $0, since: start, instances: fleet) } ?? [:]
        let merged = byRevision.values.reduce(RequestSamples.empty) { $0.merged(with: $1) }
        let subject = RevisionID(service.name)
        let wanted: Set<MetricName> = [.latencyP95, .latencyP99, .errorRate]
        if merged.requests > 0 { return merged.readings(of: subject).filter { wanted.contains($0.name) } }
        let scraped = (fallback?.readings ?? []).filter { wanted.contains($0.name) }
        if scraped.isEmpty || (scraped.first?.samples ?? 0) == 0 {
            notes.append("no request reached \(service.name) over the window (nginx access log\(service.metricsPath != nil ? ", instance /metrics" : "")): latency and error rate not measured")
            return []
        }
        return scraped
    }

    /// Each worker queue's length at both ends and the jobs completed in between.
    private func queueFigures(first: MetricSample?, second: MetricSample) -> [DoctorMeasurements.QueueFigures] {
        func value(_ sample: MetricSample?, _ name: MetricName, _ queue: String) -> Double? {
            sample?.readings.first { $0.name == name && $0.subject == queue }?.value
        }
        let workers = manifest.services.filter { $0.role == .worker }
        let queues = Array(Set(workers.flatMap(\.queues))).sorted()
        return queues.compactMap { queue in
            guard let end = value(second, .queueLength, queue) else { return nil }
            let consumers = workers.filter { $0.queues.contains(queue) }
            let count = consumers.reduce(0) { $0 + (instances[$1.name]?.count ?? 0) }
            let maxima = consumers.compactMap { $0.autoscaling?.maxReplicas }
            var completed: Double?
            if let before = value(first, .completedJobs, queue), let after = value(second, .completedJobs, queue), after >= before { completed = after - before }
            return .init(name: queue, services: consumers.map(\.name), workers: count, maxWorkers: maxima.count == consumers.count && !maxima.isEmpty ? maxima.reduce(0, +) : nil,
                         pendingAtStart: value(first, .queueLength, queue) ?? end, pendingAtEnd: end, completed: completed)
        }
    }

    static func cores(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) core\(value == 1 ? "" : "s")" : String(format: "%.2f cores", value)
    }
}
