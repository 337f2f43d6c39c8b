import TurnoutAppCore

/// Every metric the API exposes on `/metrics`.
final class APIMetrics: Sendable {
    let registry = MetricsRegistry()
    let requestDuration: Histogram
    let inFlight: Gauge
    let cacheHits: Counter
    let cacheMisses: Counter
    let cacheFillsShared: Counter
    let redisPoolWaits: Counter
    let redisPoolWaitSeconds: Counter
    let redisPoolTimeouts: Counter
    let redisPoolOpen: Gauge
    let postgresPoolWaits: Counter
    let postgresPoolWaitSeconds: Counter
    let postgresPoolTimeouts: Counter
    let postgresPoolInUse: Gauge
    let tasksEnqueued: Counter
    let faultsInjected: Counter
    let draining: Gauge

    init(version: String) {
        requestDuration = registry.histogram(
            "http_request_duration_seconds", help: "HTTP request latency by route template and status class",
            labels: ["method", "route", "status"])
        inFlight = registry.gauge("http_requests_in_flight", help: "HTTP requests being served")
        cacheHits = registry.counter("cache_hits_total", help: "Post reads answered from the Redis cache")
        cacheMisses = registry.counter("cache_misses_total", help: "Post reads not answered from the Redis cache")
        cacheFillsShared = registry.counter("cache_fills_shared_total", help: "Cache misses answered by another request's database read of the same key")
        redisPoolWaits = registry.counter("redis_pool_waits_total", help: "Redis pool acquisitions that had to wait")
        redisPoolWaitSeconds = registry.counter("redis_pool_wait_seconds_total", help: "Seconds spent waiting for a Redis connection")
        redisPoolTimeouts = registry.counter("redis_pool_timeouts_total", help: "Redis pool waits that exceeded the bound")
        redisPoolOpen = registry.gauge("redis_pool_connections", help: "Open Redis connections")
        postgresPoolWaits = registry.counter("postgres_pool_waits_total", help: "Postgres pool acquisitions that had to wait")
        postgresPoolWaitSeconds = registry.counter("postgres_pool_wait_seconds_total", help: "Seconds spent waiting for a Postgres connection")
        postgresPoolTimeouts = registry.counter("postgres_pool_timeouts_total", help: "Postgres pool waits that exceeded the bound")
        postgresPoolInUse = registry.gauge("postgres_pool_in_use", help: "Postgres connections in use")
        tasksEnqueued = registry.counter("tasks_enqueued_total", help: "Background tasks enqueued", labels: ["queue", "priority"])
        faultsInjected = registry.counter("turnout_faults_injected_total", help: "Injected faults", labels: ["kind"])
        draining = registry.gauge("turnout_draining", help: "1 while the process drains before exit")
        let buildInfo = registry.gauge("turnout_build_info", help: "Build and release information", labels: ["version", "component"])
        buildInfo.set(1, labels: [version, "api"])
    }

    /// Status class label (`2xx`, `4xx`, `5xx`...).
    static func statusClass(_ code: Int) -> String { "\(code / 100)xx" }
}
