import Foundation
import Hummingbird
import TurnoutAppCore
import TurnoutRedis

/// Liveness, readiness and metrics endpoints (exempt from injected faults).
struct HealthController: Sendable {
    let version: String
    let redis: RedisMultiplexer
    let database: PostsDatabase
    let drain: DrainState
    let neverReady: Bool
    let metrics: APIMetrics

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/health") { _, _ in
            try TasksController.json(.ok, ["status": "ok", "version": self.version])
        }
        router.get("/api/v1/ready") { _, _ in try await self.ready() }
        router.get("/metrics") { _, _ in await self.renderMetrics() }
    }

    func ready() async throws -> Response {
        var reasons: [String] = []
        if drain.isDraining { reasons.append("draining: shutdown in progress") }
        if neverReady { reasons.append("fault: --fault-never-ready is set") }
        let redis = self.redis
        let database = self.database
        async let redisCheck: String? = {
            do {
                let reply = try await withTimeout(seconds: 1) { try await redis.command(["PING"]) }
                return reply == .status("PONG") ? nil : "redis: unexpected PING reply"
            } catch { return "redis: \(error)" }
        }()
        async let postgresCheck: String? = {
            do {
                try await withTimeout(seconds: 1) { try await database.ping() }
                return nil
            } catch { return "postgres: \(String(describing: error).prefix(200))" }
        }()
        if let reason = await redisCheck { reasons.append(reason) }
        if let reason = await postgresCheck { reasons.append(reason) }
        if reasons.isEmpty {
            return try TasksController.json(.ok, ["ready": true, "version": version])
        }
        return try TasksController.json(.serviceUnavailable, ["ready": false, "version": version, "reasons": reasons])
    }

    func renderMetrics() async -> Response {
        let redisStats = redis.stats
        metrics.redisPoolWaits.set(Double(redisStats.waits))
        metrics.redisPoolWaitSeconds.set(redisStats.waitSeconds)
        metrics.redisPoolTimeouts.set(Double(redisStats.timeouts))
        metrics.redisPoolOpen.set(Double(redisStats.open))
        let pgStats = await database.limiter.stats
        metrics.postgresPoolWaits.set(Double(pgStats.waits))
        metrics.postgresPoolWaitSeconds.set(pgStats.waitSeconds)
        metrics.postgresPoolTimeouts.set(Double(pgStats.timeouts))
        metrics.postgresPoolInUse.set(Double(pgStats.inUse))
        metrics.draining.set(drain.isDraining ? 1 : 0)
        return Response(status: .ok, headers: [.contentType: MetricsRegistry.contentType],
                        body: .init(byteBuffer: ByteBuffer(string: metrics.registry.render())))
    }
}
