import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TurnoutAppCore
import TurnoutRedis

/// Runs the worker and its small metrics HTTP server until drained.
struct WorkerProcess {
    let config: WorkerConfig

    func run() async throws {
        var baseLogger = Logger(label: "turnout-worker")
        baseLogger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        baseLogger[metadataKey: "worker"] = "\(config.workerID)"
        let logger = baseLogger
        if let crash = config.faults.crashAfter {
            scheduleCrash(after: crash, message: "turnout-worker: --fault-crash-after reached, exiting with status 3")
        }
        let signals = ShutdownSignal()
        let endpoint = try RedisEndpoint(url: config.redisURL)
        let pool = RedisPool(endpoint: endpoint, maxConnections: config.concurrency + 4, waitTimeout: .seconds(5))
        let metrics = WorkerMetrics(version: config.version)
        let worker = Worker(config: config, pool: pool, metrics: metrics, logger: logger)

        var metricsGroup: ServiceGroup?
        var metricsTask: Task<Void, any Error>?
        if config.metricsPort > 0 {
            let router = Router(context: BasicRequestContext.self)
            let version = config.version
            let workerID = config.workerID
            router.get("/health") { _, _ -> Response in
                let body = "{\"status\":\"ok\",\"version\":\"\(version)\",\"worker\":\"\(workerID)\",\"draining\":\(worker.stopping.isDraining)}"
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            router.get("/metrics") { _, _ -> Response in
                await worker.refreshGauges()
                return Response(status: .ok, headers: [.contentType: MetricsRegistry.contentType],
                                body: .init(byteBuffer: ByteBuffer(string: metrics.registry.render())))
            }
            let host = config.metricsHost
            let port = config.metricsPort
            let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                                  onServerRunning: { _ in logger.info("metrics listening", metadata: ["port": "\(port)"]) },
                                  logger: logger)
            let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                          cancellationSignals: [], logger: logger))
            metricsGroup = group
            metricsTask = Task { try await group.run() }
        }
        logger.info("worker started", metadata: ["queues": "\(config.queues.map(\.rawValue))", "concurrency": "\(config.concurrency)"])
        await worker.run(stopSignal: { _ = await signals.wait() })
        if let metricsGroup {
            await metricsGroup.triggerGracefulShutdown()
            let task = metricsTask
            _ = try? await withTimeout(seconds: 2) { _ = try? await task?.value }
        }
        await pool.close()
        logger.info("stopped")
    }
}
