import Foundation
import Logging
import TurnoutAppCore
import TurnoutRedis

/// The queue-consuming part of the worker: job slots, heartbeat, reaper,
/// retry promotion and graceful drain.
final class Worker: @unchecked Sendable {
    let config: WorkerConfig
    let queue: WorkerQueue
    let metrics: WorkerMetrics
    let executor: JobExecutor
    let logger: Logger
    let stopping = DrainState()

    init(config: WorkerConfig, pool: RedisPool, metrics: WorkerMetrics, logger: Logger) {
        self.config = config
        self.queue = WorkerQueue(pool: pool, workerID: config.workerID, queues: config.queues,
                                 taskTTL: max(1, Int(config.taskTTL)))
        self.metrics = metrics
        self.logger = logger
        self.executor = JobExecutor(emailDurationMin: config.emailDurationMin, emailDurationMax: config.emailDurationMax,
                                    processingRounds: config.processingRounds, faults: config.faults)
    }

    /// Runs the slots until ``stopping`` is set, then drains within the stop timeout.
    func run(stopSignal: @escaping @Sendable () async -> Void) async {
        await retrying("initial heartbeat") {
            try await self.queue.heartbeat(ttlMilliseconds: Int(self.config.heartbeatTTL * 1000))
        }
        let background = [
            Task { await self.loop(every: self.config.heartbeatTTL / 3) {
                try await self.queue.heartbeat(ttlMilliseconds: Int(self.config.heartbeatTTL * 1000))
            } },
            Task { await self.loop(every: self.config.reapInterval) {
                let count = try await self.queue.reapDeadWorkers()
                if count > 0 {
                    self.metrics.reaped.inc(Double(count))
                    self.logger.warning("requeued jobs of dead workers", metadata: ["jobs": "\(count)"])
                }
            } },
            Task { await self.loop(every: 0.2) { _ = try await self.queue.promoteDueRetries() } },
        ]
        let slots = (0..<config.concurrency).map { index in
            Task { await self.slot(index) }
        }
        await stopSignal()
        stopping.startDraining()
        logger.info("draining: no new jobs", metadata: ["stop_timeout": "\(config.stopTimeout)"])
        let finished = await waitAll(slots, timeout: config.stopTimeout)
        if !finished {
            logger.warning("stop timeout reached: cancelling unfinished jobs and requeueing them")
            for slot in slots { slot.cancel() }
            _ = await waitAll(slots, timeout: 5)
        }
        // Safety net: anything still in this worker's in-progress list goes back to its queue.
        if let leftover = try? await queue.requeueAll(worker: config.workerID), leftover > 0 {
            logger.warning("requeued leftover in-progress jobs", metadata: ["jobs": "\(leftover)"])
        }
        for task in background { task.cancel() }
        try? await queue.deregister()
        logger.info("drained")
    }

    private func waitAll(_ tasks: [Task<Void, Never>], timeout: Double) async -> Bool {
        let all = Task { for task in tasks { await task.value } }
        do {
            try await withTimeout(seconds: timeout) { await all.value }
            return true
        } catch {
            return false
        }
    }

    private func slot(_ index: Int) async {
        let blockQueue = config.queues[index % config.queues.count]
        while !stopping.isDraining && !Task.isCancelled {
            let taken: TakenJob?
            do {
                taken = try await queue.fetch(block: 0.1, blockOn: blockQueue)
            } catch {
                logger.error("fetch failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            guard let taken else { continue }
            if stopping.isDraining {
                _ = try? await queue.requeue(taken)
                metrics.requeued.inc(labels: [taken.job.queue.rawValue])
                break
            }
            await process(taken)
        }
    }

    private func process(_ taken: TakenJob) async {
        let job = taken.job
        let label = [job.queue.rawValue]
        metrics.inProgress.add(1)
        defer { metrics.inProgress.add(-1) }
        try? await queue.markProcessing(taken)
        let start = Date()
        do {
            let result = try await executor.execute(job)
            metrics.duration.observe(Date().timeIntervalSince(start), labels: label)
            let owned = try await queue.complete(taken, result: result)
            if owned {
                metrics.processed.inc(labels: label)
            } else {
                metrics.lostOwnership.inc(labels: label)
                logger.warning("job was reaped while running; completion not recorded", metadata: ["task_id": "\(job.id)"])
            }
        } catch is CancellationError {
            _ = try? await queue.requeue(taken)
            metrics.requeued.inc(labels: label)
            logger.info("requeued unfinished job", metadata: ["task_id": "\(job.id)"])
        } catch {
            metrics.failed.inc(labels: label)
            let delay = min(60, config.retryBaseDelay * pow(2, Double(job.attempt)))
            let outcome = try? await queue.fail(taken, error: String(describing: error), delay: delay)
            switch outcome {
            case .dead?: metrics.deadLettered.inc(labels: label)
            case .failed?: metrics.retried.inc(labels: label)
            default: break
            }
        }
    }

    private func loop(every seconds: Double, _ body: @escaping @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            do { try await body() } catch { logger.warning("background task failed", metadata: ["error": "\(error)"]) }
            try? await Task.sleep(for: .milliseconds(Int64(max(0.05, seconds) * 1000)))
        }
    }

    private func retrying(_ what: String, _ body: @escaping @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            do { try await body(); return } catch {
                logger.warning("\(what) failed, retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Refreshes queue length gauges (called at scrape time).
    func refreshGauges() async {
        if let lengths = try? await TaskQueue(pool: queue.pool).lengths() {
            for (name, priority, length) in lengths {
                metrics.queueLength.set(Double(length), labels: [name.rawValue, priority.rawValue])
            }
        }
        if let count = try? await queue.pool.command(["ZCARD", QueueKeys.delayed]).int {
            metrics.delayed.set(Double(count))
        }
    }
}
