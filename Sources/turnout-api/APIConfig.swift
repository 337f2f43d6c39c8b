import TurnoutAppCore

/// Resolved configuration of the API process (flags override environment, which overrides defaults).
struct APIConfig: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var redisURL = "redis://127.0.0.1:6379"
    var databaseURL = "postgres://postgres@127.0.0.1:5432/turnout"
    var version = "dev"
    var redisPoolSize = 4
    var postgresPoolSize = 10
    var poolWaitTimeout = 2.0
    var queryTimeout = 5.0
    var cacheTTL = 60.0
    var bodyLimit = 1_048_576
    var drainDelay = 2.0
    var shutdownTimeout = 15.0
    var seedPosts = 100
    var taskTTL = 86_400.0
    var maxAttempts = 3
    var logLevel = "info"
    var faults = APIFaults()
}
