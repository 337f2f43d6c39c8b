import Testing
import TurnoutRedis

/// A pool on the shared test redis-server, database `db`, optionally flushed first.
func testRedisPool(db: Int, flush: Bool = true, size: Int = 4) async throws -> RedisPool {
    let port = try await TestServices.shared.redis()
    let pool = RedisPool(endpoint: RedisEndpoint(host: "127.0.0.1", port: port, database: db), maxConnections: size)
    if flush { try await pool.command(["FLUSHDB"]).throwIfError() }
    return pool
}

/// Suites that start processes or talk to the shared servers run one at a time,
/// so timing-sensitive checks are not starved on a small machine.
@Suite(.serialized) struct Integration {}
