import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// How the controller measures one service of a manifest: the one place a service turns into an
/// `AnalysisConfiguration` (its metrics page, `/proc` CPU, its Redis accessory and queues, Prometheus) and into sample
/// targets, shared by the rollout analysis (`MetricAnalysis`) and the scaling advisor (`turnout doctor`).
enum ServiceMeasurement {
    /// The analysis configuration of `service`. `resources` reads its instances' CPU (the platform's counters)
    /// with the cores an instance may use; `nil` skips CPU. `prometheus` adds Prometheus's values for the metrics it has queries for (see
    /// `forService`).
    static func configuration(for service: Service, in manifest: Manifest?, slo: SLO, resources: (reader: any ResourceReader, coresPerInstance: Double)?,
                              prometheus: PrometheusQuerySource.Settings? = nil) -> AnalysisConfiguration {
        AnalysisConfiguration(
            service: service.name, role: service.role, slo: slo,
            instanceMetrics: service.metricsPath.map { InstanceMetricsSource.Settings(excludedRoutes: probeRoutes(service), path: $0) },
            resources: resources, redisURL: redisURL(for: service, in: manifest), queues: service.queues,
            prometheus: prometheus.flatMap { forService(service, usesRedis: redisURL(for: service, in: manifest) != nil, $0) })
    }

    /// What `service` asks Prometheus. Web services: every query, but the cache hit rate only when the
    /// service uses a Redis accessory (as without Prometheus, a service without a cache is not judged on
    /// one). Workers: only the queries that are not about HTTP requests or the API's cache (CPU, queue
    /// length, Redis memory), if any.
    static func forService(_ service: Service, usesRedis: Bool, _ settings: PrometheusQuerySource.Settings) -> PrometheusQuerySource.Settings? {
        var chosen = settings
        switch service.role {
        case .web: if !usesRedis { chosen.queries[.cacheHitRate] = nil }
        case .worker: chosen.queries = settings.queries.filter { [.cpu, .queueLength, .redisMemory].contains($0.key) }
        }
        return chosen.queries.isEmpty ? nil : chosen
    }

    /// The policy metrics that say something about `service`: request figures, the cache hit rate and CPU
    /// for web services; pending tasks for services that consume queues; Redis memory for services that use
    /// Redis; CPU for workers. The engine leaves the others out (`notMeasured`).
    static func judgeable(_ service: Service, in manifest: Manifest?) -> Set<AnalysisPolicy.Metric> {
        var metrics: Set<AnalysisPolicy.Metric> = service.role == .web ? [.latencyP95, .latencyP99, .errorRate, .cacheHitRate, .cpu] : [.cpu]
        if !service.queues.isEmpty { metrics.insert(.queueLength) }
        if redisURL(for: service, in: manifest) != nil { metrics.insert(.redisMemory) }
        return metrics
    }

    /// The health-check and metrics paths, left out of request figures.
    static func probeRoutes(_ service: Service) -> Set<String> {
        Set([service.health?.httpPath, service.health?.livenessPath, service.metricsPath].compactMap { $0 })
    }

    /// The URL of the Redis accessory `service` uses, if any.
    static func redisURL(for service: Service, in manifest: Manifest?) -> String? {
        guard let manifest else { return nil }
        return service.uses.compactMap { manifest.accessory(named: $0) }.first { $0.kind == .redis }?.url
    }

    /// The platform's resource counters with `service`'s CPU limit, when both exist (without a limit there is
    /// no CPU share to judge).
    static func resources(for service: Service, reader: (any ResourceReader)?) -> (reader: any ResourceReader, coresPerInstance: Double)? {
        guard let reader, let limit = service.resources.cpuLimit else { return nil }
        return (reader, limit.cores)
    }

    /// What the sources look at for `instances`, each counting from `countsFrom[id]` when given.
    static func targets(_ instances: [FleetInstance], countsFrom: [String: Date] = [:]) -> [InstanceTarget] {
        instances.map {
            InstanceTarget(revision: $0.instance.revision, id: $0.record.id, endpoint: $0.record.endpoint, handle: $0.record.handle, countsFrom: countsFrom[$0.record.id])
        }
    }

    /// Per revision, the requests nginx logged to `instances` since `start` (attempts, errors, latencies).
    static func requestSamples(accessLog path: String, since start: Date, instances: [FleetInstance]) throws -> [RevisionID: RequestSamples] {
        AccessLogSamples.samples(try AccessLogReader(path: path).entries(since: start), instances: instances)
    }
}
