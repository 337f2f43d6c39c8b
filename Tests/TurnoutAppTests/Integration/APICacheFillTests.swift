import Foundation
import Testing

extension Integration {
    /// Concurrent misses of one key share one database read (Redis db 4): with a single Postgres connection
    /// held up by a table lock longer than the pool's wait bound, a hundred simultaneous reads of an uncached
    /// post would all but one answer 503; coalesced, they all answer the same 200.
    @Suite struct APICacheFillTests {
        @Test func concurrentMissesOfOneKeyShareOneDatabaseRead() async throws {
            let pgPort = try await TestServices.shared.postgres()
            let (app, client) = try await APILauncher.start(redisDB: 4, extra: [
                "--postgres-pool-size", "1", "--pool-wait-timeout", "300ms", "--query-timeout", "10s",
            ])
            try await PostgresTableLock.hold(port: pgPort, seconds: 2)
            let before = try await client.get("/metrics").text
            let requests = (1...100).map { _ in Task { try await client.get("/api/v1/posts/7") } }
            var bodies = Set<[UInt8]>()
            for request in requests {
                let response = try await request.value
                #expect(response.status == 200, "\(response.text)")
                bodies.insert(response.body)
            }
            #expect(bodies.count == 1)
            let after = try await client.get("/metrics").text
            let shared = Self.counter("cache_fills_shared_total", after) - Self.counter("cache_fills_shared_total", before)
            let misses = Self.counter("cache_misses_total", after) - Self.counter("cache_misses_total", before)
            // Every miss but the one that read the database was answered by that read.
            #expect(misses >= 2)
            #expect(shared == misses - 1, "\(misses) misses, \(shared) shared")
            await app.stop()
        }

        static func counter(_ name: String, _ page: String) -> Double {
            page.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        }
    }
}
