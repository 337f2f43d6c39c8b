import Foundation
import TurnoutAppCore

/// Resolved configuration of the worker process.
struct WorkerConfig: Sendable {
    var queues: [JobQueueName] = [.email, .processing]
    var concurrency = 4
    var redisURL = "redis://127.0.0.1:6379"
    var metricsHost = "127.0.0.1"
    var metricsPort = 9100
    var version = "dev"
    var stopTimeout = 10.0
    var retryBaseDelay = 1.0
    var heartbeatTTL = 10.0
    var reapInterval = 2.0
    var emailDurationMin = 0.010
    var emailDurationMax = 0.050
    var processingRounds = 2000
    var taskTTL = 86_400.0
    var workerID = WorkerConfig.defaultWorkerID()
    var logLevel = "info"
    var faults = WorkerFaults()

    static func defaultWorkerID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "worker"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(host)-\(getpid())-\(suffix)"
    }
}
