import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TurnoutAppCore
import TurnoutRedis

/// `turnout-worker`: consumes the `email` / `processing` queues.
@main
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turnout-worker",
        abstract: "Turnout's bundled queue worker (reliable delivery, retries, dead-lettering).",
        discussion: "Every option can also be set by the environment variable in brackets; flags win. See docs/app.md.")

    @Option(help: "Queues to serve, repeatable or comma list [TURNOUT_QUEUES] (default email,processing)") var queues: [String] = []
    @Option(help: "Jobs processed at once [TURNOUT_CONCURRENCY] (default 4)") var concurrency: Int?
    @Option(help: "redis://[:pass@]host:port[/db] [TURNOUT_REDIS_URL]") var redisURL: String?
    @Option(help: "Metrics listen address [TURNOUT_METRICS_HOST] (default 127.0.0.1)") var metricsHost: String?
    @Option(help: "Metrics port, 0 disables [TURNOUT_METRICS_PORT] (default 9100)") var metricsPort: Int?
    @Option(help: "Release version [TURNOUT_VERSION] (default dev)") var versionLabel: String?
    @Option(help: "Bound on finishing jobs in hand after SIGTERM [TURNOUT_STOP_TIMEOUT] (default 10s)") var stopTimeout: String?
    @Option(help: "First retry delay, doubled per attempt [TURNOUT_RETRY_BASE_DELAY] (default 1s)") var retryBaseDelay: String?
    @Option(help: "Heartbeat key TTL [TURNOUT_HEARTBEAT_TTL] (default 10s)") var heartbeatTTL: String?
    @Option(help: "Reaper period [TURNOUT_REAP_INTERVAL] (default 2s)") var reapInterval: String?
    @Option(help: "Min simulated email send time [TURNOUT_EMAIL_DURATION_MIN] (default 10ms)") var emailDurationMin: String?
    @Option(help: "Max simulated email send time [TURNOUT_EMAIL_DURATION_MAX] (default 50ms)") var emailDurationMax: String?
    @Option(help: "Hash rounds per processing job [TURNOUT_PROCESSING_ROUNDS] (default 2000)") var processingRounds: Int?
    @Option(help: "Lifetime of task hashes [TURNOUT_TASK_TTL] (default 24h)") var taskTTL: String?
    @Option(help: "Worker id [TURNOUT_WORKER_ID] (default host-pid-random)") var workerID: String?
    @Option(help: "Log level [TURNOUT_LOG_LEVEL] (default info)") var logLevel: String?
    @Option(help: "Multiply job durations [TURNOUT_FAULT_JOB_DELAY_FACTOR]") var faultJobDelayFactor: Double?
    @Option(help: "Fraction of attempts that fail [TURNOUT_FAULT_JOB_FAILURE_RATE]") var faultJobFailureRate: Double?
    @Option(help: "Exit non-zero after this long [TURNOUT_FAULT_CRASH_AFTER]") var faultCrashAfter: String?

    func resolve(_ env: ConfigEnvironment = ConfigEnvironment()) throws -> WorkerConfig {
        var config = WorkerConfig()
        let queueText = queues.isEmpty ? (env.string("TURNOUT_QUEUES").map { [$0] } ?? []) : queues
        if !queueText.isEmpty {
            let names = queueText.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            config.queues = try names.filter { !$0.isEmpty }.map { name in
                guard let queue = JobQueueName(rawValue: name) else {
                    throw ValidationError("unknown queue '\(name)': expected email or processing")
                }
                return queue
            }
            guard !config.queues.isEmpty else { throw ValidationError("--queues is empty") }
        }
        config.concurrency = try concurrency ?? env.int("TURNOUT_CONCURRENCY") ?? config.concurrency
        config.redisURL = redisURL ?? env.string("TURNOUT_REDIS_URL") ?? config.redisURL
        config.metricsHost = metricsHost ?? env.string("TURNOUT_METRICS_HOST") ?? config.metricsHost
        config.metricsPort = try metricsPort ?? env.int("TURNOUT_METRICS_PORT") ?? config.metricsPort
        config.version = versionLabel ?? env.string("TURNOUT_VERSION") ?? config.version
        config.stopTimeout = try seconds(stopTimeout, env, "TURNOUT_STOP_TIMEOUT") ?? config.stopTimeout
        config.retryBaseDelay = try seconds(retryBaseDelay, env, "TURNOUT_RETRY_BASE_DELAY") ?? config.retryBaseDelay
        config.heartbeatTTL = try seconds(heartbeatTTL, env, "TURNOUT_HEARTBEAT_TTL") ?? config.heartbeatTTL
        config.reapInterval = try seconds(reapInterval, env, "TURNOUT_REAP_INTERVAL") ?? config.reapInterval
        config.emailDurationMin = try seconds(emailDurationMin, env, "TURNOUT_EMAIL_DURATION_MIN") ?? config.emailDurationMin
        config.emailDurationMax = try seconds(emailDurationMax, env, "TURNOUT_EMAIL_DURATION_MAX") ?? config.emailDurationMax
        config.processingRounds = try processingRounds ?? env.int("TURNOUT_PROCESSING_ROUNDS") ?? config.processingRounds
        config.taskTTL = try seconds(taskTTL, env, "TURNOUT_TASK_TTL") ?? config.taskTTL
        config.workerID = workerID ?? env.string("TURNOUT_WORKER_ID") ?? config.workerID
        config.logLevel = logLevel ?? env.string("TURNOUT_LOG_LEVEL") ?? config.logLevel
        config.faults.jobDelayFactor = try faultJobDelayFactor ?? env.double("TURNOUT_FAULT_JOB_DELAY_FACTOR") ?? 1
        config.faults.jobFailureRate = try ConfigEnvironment.fraction(
            faultJobFailureRate ?? env.double("TURNOUT_FAULT_JOB_FAILURE_RATE") ?? 0, name: "--fault-job-failure-rate")
        config.faults.crashAfter = try seconds(faultCrashAfter, env, "TURNOUT_FAULT_CRASH_AFTER")
        guard config.concurrency > 0, config.concurrency <= 256 else { throw ValidationError("--concurrency must be 1...256") }
        guard config.faults.jobDelayFactor >= 1 else { throw ValidationError("--fault-job-delay-factor must be >= 1") }
        guard config.heartbeatTTL >= 0.5 else { throw ValidationError("--heartbeat-ttl must be at least 500ms") }
        return config
    }

    private func seconds(_ flag: String?, _ env: ConfigEnvironment, _ name: String) throws -> Double? {
        if let flag { return try DurationParser.seconds(flag) }
        return try env.seconds(name)
    }

    func run() async throws {
        MallocArenas.apply(ProcessInfo.processInfo.environment)
        let config: WorkerConfig
        do { config = try resolve() } catch let error as ValidationError { throw error } catch {
            throw ValidationError(String(describing: error))
        }
        try await WorkerProcess(config: config).run()
    }
}
