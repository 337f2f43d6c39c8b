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

/// Makes the shared redis-server drop every normal client connection but the one asking, as a restarted or
/// overloaded server would; the next command on a dropped connection fails.
func dropRedisConnections(db: Int) async throws {
    let admin = try await testRedisPool(db: db, flush: false, size: 1)
    try await admin.command(["CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal", "USER", "default", "LADDR",
                             "127.0.0.1:\(try await TestServices.shared.redis())"]).throwIfError()
    await admin.close()
}
