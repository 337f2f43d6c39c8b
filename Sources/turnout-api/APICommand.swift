import Foundation
import ArgumentParser
import TurnoutAppCore

/// `turnout-api`: the stateless HTTP API of the Stage-2 stack.
@main
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turnout-api",
        abstract: "Turnout's bundled HTTP API (posts with Redis cache, background task enqueueing).",
        discussion: "Every option can also be set by the environment variable in brackets; flags win. See docs/app.md.")

    @Option(help: "Listen address [TURNOUT_HOST] (default 127.0.0.1)") var host: String?
    @Option(help: "Listen port [TURNOUT_PORT] (default 8080)") var port: Int?
    @Option(help: "redis://[:pass@]host:port[/db] [TURNOUT_REDIS_URL]") var redisURL: String?
    @Option(help: "postgres://user:pass@host:port/db [TURNOUT_DATABASE_URL]") var databaseURL: String?
    @Option(help: "Release version reported in X-Turnout-Version [TURNOUT_VERSION] (default dev)") var versionLabel: String?
    @Option(help: "Redis connections, each pipelining many requests' commands [TURNOUT_REDIS_POOL_SIZE] (default 4)") var redisPoolSize: Int?
    @Option(help: "Max Postgres connections [TURNOUT_POSTGRES_POOL_SIZE] (default 10)") var postgresPoolSize: Int?
    @Option(help: "Wait bound when a pool is exhausted, then 503 [TURNOUT_POOL_WAIT_TIMEOUT] (default 2s)") var poolWaitTimeout: String?
    @Option(help: "Postgres query timeout [TURNOUT_QUERY_TIMEOUT] (default 5s)") var queryTimeout: String?
    @Option(help: "Cache TTL [TURNOUT_CACHE_TTL] (default 60s)") var cacheTTL: String?
    @Option(help: "Max request body bytes [TURNOUT_BODY_LIMIT] (default 1048576)") var bodyLimit: Int?
    @Option(help: "Keep serving after SIGTERM while not ready [TURNOUT_DRAIN_DELAY] (default 2s)") var drainDelay: String?
    @Option(help: "Bound on finishing in-flight requests [TURNOUT_SHUTDOWN_TIMEOUT] (default 15s)") var shutdownTimeout: String?
    @Option(help: "Posts seeded into an empty table [TURNOUT_SEED_POSTS] (default 100)") var seedPosts: Int?
    @Option(help: "Lifetime of task state hashes [TURNOUT_TASK_TTL] (default 24h)") var taskTTL: String?
    @Option(help: "Attempts before a job is dead-lettered [TURNOUT_MAX_ATTEMPTS] (default 3)") var maxAttempts: Int?
    @Option(help: "trace|debug|info|notice|warning|error [TURNOUT_LOG_LEVEL] (default info)") var logLevel: String?

    @Option(help: "Fraction of requests answered 500 [TURNOUT_FAULT_ERROR_RATE]") var faultErrorRate: Double?
    @Option(help: "Latency added to requests, e.g. 300ms [TURNOUT_FAULT_LATENCY]") var faultLatency: String?
    @Option(help: "Fraction of requests delayed (default 1) [TURNOUT_FAULT_LATENCY_RATE]") var faultLatencyRate: Double?
    @Flag(help: "Never report ready [TURNOUT_FAULT_NEVER_READY]") var faultNeverReady = false
    @Option(help: "Exit non-zero after this long, e.g. 60s [TURNOUT_FAULT_CRASH_AFTER]") var faultCrashAfter: String?
    @Option(help: "Delay before listening, e.g. 10s [TURNOUT_FAULT_SLOW_START]") var faultSlowStart: String?
    @Option(help: "Fraction of a core to burn, e.g. 0.5 [TURNOUT_FAULT_CPU_BURN]") var faultCpuBurn: Double?
    @Flag(help: "Bypass the Redis cache [TURNOUT_FAULT_DISABLE_CACHE]") var faultDisableCache = false
    @Option(help: "Make every request slower by this fraction of its handling time, e.g. 0.3 [TURNOUT_FAULT_SLOWDOWN]") var faultSlowdown: Double?

    func resolve(_ env: ConfigEnvironment = ConfigEnvironment()) throws -> APIConfig {
        var config = APIConfig()
        config.host = host ?? env.string("TURNOUT_HOST") ?? config.host
        config.port = try port ?? env.int("TURNOUT_PORT") ?? config.port
        config.redisURL = redisURL ?? env.string("TURNOUT_REDIS_URL") ?? config.redisURL
        config.databaseURL = databaseURL ?? env.string("TURNOUT_DATABASE_URL") ?? config.databaseURL
        config.version = versionLabel ?? env.string("TURNOUT_VERSION") ?? config.version
        config.redisPoolSize = try redisPoolSize ?? env.int("TURNOUT_REDIS_POOL_SIZE") ?? config.redisPoolSize
        config.postgresPoolSize = try postgresPoolSize ?? env.int("TURNOUT_POSTGRES_POOL_SIZE") ?? config.postgresPoolSize
        config.poolWaitTimeout = try seconds(poolWaitTimeout, env, "TURNOUT_POOL_WAIT_TIMEOUT") ?? config.poolWaitTimeout
        config.queryTimeout = try seconds(queryTimeout, env, "TURNOUT_QUERY_TIMEOUT") ?? config.queryTimeout
        config.cacheTTL = try seconds(cacheTTL, env, "TURNOUT_CACHE_TTL") ?? config.cacheTTL
        config.bodyLimit = try bodyLimit ?? env.int("TURNOUT_BODY_LIMIT") ?? config.bodyLimit
        config.drainDelay = try seconds(drainDelay, env, "TURNOUT_DRAIN_DELAY") ?? config.drainDelay
        config.shutdownTimeout = try seconds(shutdownTimeout, env, "TURNOUT_SHUTDOWN_TIMEOUT") ?? config.shutdownTimeout
        config.seedPosts = try seedPosts ?? env.int("TURNOUT_SEED_POSTS") ?? config.seedPosts
        config.taskTTL = try seconds(taskTTL, env, "TURNOUT_TASK_TTL") ?? config.taskTTL
        config.maxAttempts = try maxAttempts ?? env.int("TURNOUT_MAX_ATTEMPTS") ?? config.maxAttempts
        config.logLevel = logLevel ?? env.string("TURNOUT_LOG_LEVEL") ?? config.logLevel

        var faults = APIFaults()
        faults.errorRate = try ConfigEnvironment.fraction(
            faultErrorRate ?? env.double("TURNOUT_FAULT_ERROR_RATE") ?? 0, name: "--fault-error-rate")
        faults.latency = try seconds(faultLatency, env, "TURNOUT_FAULT_LATENCY") ?? 0
        faults.latencyRate = try ConfigEnvironment.fraction(
            faultLatencyRate ?? env.double("TURNOUT_FAULT_LATENCY_RATE") ?? 1, name: "--fault-latency-rate")
        faults.neverReady = try faultNeverReady || (env.bool("TURNOUT_FAULT_NEVER_READY") ?? false)
        faults.crashAfter = try seconds(faultCrashAfter, env, "TURNOUT_FAULT_CRASH_AFTER")
        faults.slowStart = try seconds(faultSlowStart, env, "TURNOUT_FAULT_SLOW_START") ?? 0
        faults.cpuBurn = try faultCpuBurn ?? env.double("TURNOUT_FAULT_CPU_BURN") ?? 0
        faults.disableCache = try faultDisableCache || (env.bool("TURNOUT_FAULT_DISABLE_CACHE") ?? false)
        faults.slowdown = try faultSlowdown ?? env.double("TURNOUT_FAULT_SLOWDOWN") ?? 0
        guard faults.slowdown >= 0, faults.slowdown <= 100 else {
            throw ValidationError("--fault-slowdown must be between 0 and 100")
        }
        guard faults.cpuBurn >= 0, faults.cpuBurn <= 64 else {
            throw ValidationError("--fault-cpu-burn must be between 0 and 64")
        }
        guard config.bodyLimit > 0, config.redisPoolSize > 0, config.postgresPoolSize > 0, config.maxAttempts > 0 else {
            throw ValidationError("--body-limit, pool sizes and --max-attempts must be positive")
        }
        config.faults = faults
        return config
    }

    private func seconds(_ flag: String?, _ env: ConfigEnvironment, _ name: String) throws -> Double? {
        if let flag { return try DurationParser.seconds(flag) }
        return try env.seconds(name)
    }

    func run() async throws {
        MallocArenas.apply(ProcessInfo.processInfo.environment)
        let config: APIConfig
        do { config = try resolve() } catch let error as ValidationError { throw error } catch {
            throw ValidationError(String(describing: error))
        }
        try await APIServer(config: config).run()
    }
}
