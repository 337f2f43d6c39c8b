import TurnoutAppCore

/// Every metric the worker exposes on its `/metrics`.
final class WorkerMetrics: Sendable {
    let registry = MetricsRegistry()
    let processed: Counter
    let failed: Counter
    let retried: Counter
    let deadLettered: Counter
    let requeued: Counter
    let lostOwnership: Counter
    let duration: Histogram
    let queueLength: Gauge
    let inProgress: Gauge
    let delayed: Gauge
    let reaped: Counter

    init(version: String) {
        processed = registry.counter("worker_jobs_processed_total", help: "Jobs completed", labels: ["queue"])
        failed = registry.counter("worker_jobs_failed_total", help: "Job attempts that failed", labels: ["queue"])
        retried = registry.counter("worker_jobs_retried_total", help: "Failed attempts scheduled for retry", labels: ["queue"])
        deadLettered = registry.counter("worker_jobs_dead_lettered_total", help: "Jobs moved to the dead-letter list", labels: ["queue"])
        requeued = registry.counter("worker_jobs_requeued_total", help: "Unfinished jobs put back at drain", labels: ["queue"])
        lostOwnership = registry.counter(
            "worker_jobs_lost_ownership_total", help: "Jobs finished after being reaped (result not recorded)", labels: ["queue"])
        reaped = registry.counter("worker_jobs_reaped_total", help: "Jobs requeued from workers whose heartbeat expired")
        duration = registry.histogram("worker_job_duration_seconds", help: "Job execution time", labels: ["queue"],
                                      buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10])
        queueLength = registry.gauge("worker_queue_length", help: "Jobs waiting per queue and priority", labels: ["queue", "priority"])
        inProgress = registry.gauge("worker_jobs_in_progress", help: "Jobs this worker has in hand")
        delayed = registry.gauge("worker_retries_scheduled", help: "Jobs waiting in the retry zset (all queues)")
        registry.gauge("turnout_build_info", help: "Build and release information", labels: ["version", "component"])
            .set(1, labels: [version, "worker"])
    }
}
