import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import TurnoutAppCore
import TurnoutRedis

/// Wires the API together and runs it until a graceful shutdown completes.
struct APIServer {
    let config: APIConfig

    /// Routes and their methods; other methods on these paths answer 405.
    static let routes: [(String, [HTTPRequest.Method])] = [
        ("/api/v1/health", [.get]), ("/api/v1/ready", [.get]), ("/metrics", [.get]),
        ("/api/v1/posts", [.get, .post]), ("/api/v1/posts/{id}", [.get]),
        ("/api/v1/tasks", [.post]), ("/api/v1/tasks/batch", [.post]), ("/api/v1/tasks/{id}", [.get]),
    ]

    func run() async throws {
        var baseLogger = Logger(label: "turnout-api")
        baseLogger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        baseLogger[metadataKey: "version"] = "\(config.version)"
        let logger = baseLogger
        let faults = config.faults
        if let crash = faults.crashAfter {
            scheduleCrash(after: crash, message: "turnout-api: --fault-crash-after reached, exiting with status 3")
        }
        let signals = ShutdownSignal()
        if faults.cpuBurn > 0 { CPUBurner.start(fraction: faults.cpuBurn) }
        if faults.slowStart > 0 {
            logger.info("slow start fault: waiting before listening", metadata: ["seconds": "\(faults.slowStart)"])
            try await Task.sleep(for: .milliseconds(Int64(faults.slowStart * 1000)))
        }

        let endpoint = try RedisEndpoint(url: config.redisURL)
        // Request handlers' commands are pipelined over a few connections (see RedisMultiplexer).
        let redis = RedisMultiplexer(endpoint: endpoint, connections: config.redisPoolSize)
        let pgConfig = try PostsDatabase.configuration(url: config.databaseURL, poolSize: config.postgresPoolSize)
        let client = PostgresClient(configuration: pgConfig, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        let database = PostsDatabase(
            client: client,
            limiter: AsyncLimiter(permits: config.postgresPoolSize, waitTimeout: .milliseconds(Int64(config.poolWaitTimeout * 1000))),
            queryTimeout: config.queryTimeout)
        let seedCount = config.seedPosts
        let prepareTask = Task {
            while !Task.isCancelled {
                do {
                    try await database.prepare(seedCount: seedCount, logger: logger)
                    return
                } catch {
                    logger.warning("postgres schema setup failed, retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        // Serve only after the schema exists, but never wait forever: readiness reports the problem.
        _ = try? await withTimeout(seconds: 20) { await prepareTask.value }

        let metrics = APIMetrics(version: config.version)
        let drain = DrainState()
        let body = RequestBody(limit: config.bodyLimit)
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(AppMiddleware(metrics: metrics, version: config.version))
        router.middlewares.add(FaultMiddleware(faults: faults, metrics: metrics, inflator: faults.slowdown > 0 ? RequestCostInflator(factor: faults.slowdown) : nil))
        HealthController(version: config.version, redis: redis, database: database, drain: drain,
                         neverReady: faults.neverReady, metrics: metrics).register(on: router)
        PostsController(database: database, redis: redis, metrics: metrics, cacheTTL: max(1, Int(config.cacheTTL)),
                        cacheEnabled: !faults.disableCache, body: body).register(on: router)
        TasksController(queue: TaskQueue(pool: redis, taskTTL: max(1, Int(config.taskTTL))), metrics: metrics,
                        body: body, maxAttempts: config.maxAttempts).register(on: router)
        Self.registerMethodNotAllowed(on: router)

        let host = config.host
        let port = config.port
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { _ in logger.info("listening", metadata: ["host": "\(host)", "port": "\(port)"]) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [],
                                                      cancellationSignals: [], logger: logger))
        let drainDelay = config.drainDelay
        let shutdownTimeout = config.shutdownTimeout
        let shutdown = Task {
            let number = await signals.wait()
            drain.startDraining()
            logger.info("signal received: not ready, draining", metadata: ["signal": "\(number)", "drain_delay": "\(drainDelay)"])
            try? await Task.sleep(for: .milliseconds(Int64(drainDelay * 1000)))
            logger.info("stopping listener, finishing in-flight requests")
            await group.triggerGracefulShutdown()
            try? await Task.sleep(for: .milliseconds(Int64(shutdownTimeout * 1000)))
            guard !Task.isCancelled else { return }  // the graceful path finished first
            logger.error("shutdown timeout reached with requests still in flight; exiting")
            exit(0)
        }
        try await group.run()
        shutdown.cancel()
        prepareTask.cancel()
        clientTask.cancel()
        redis.close()
        logger.info("stopped")
    }

    /// Registers 405 answers for the methods a known path does not support.
    static func registerMethodNotAllowed(on router: Router<BasicRequestContext>) {
        let all: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for (path, allowed) in routes {
            let allowHeader = allowed.map(\.rawValue).joined(separator: ", ")
            for method in all where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    var error = APIError(status: .methodNotAllowed, code: "method_not_allowed",
                                         message: "\(method.rawValue) is not allowed here; allowed: \(allowHeader)")
                    error.headers[.allow] = allowHeader
                    throw error
                }
            }
        }
    }
}
