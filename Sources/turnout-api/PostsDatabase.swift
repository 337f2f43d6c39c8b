import Foundation
import Logging
import PostgresNIO
import TurnoutAppCore

/// A post row.
struct Post: Codable, Sendable {
    let id: Int
    let title: String
    let body: String
    let author: String
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, body, author
        case createdAt = "created_at"
    }
}

/// Postgres access for posts, behind a bounded limiter and per-query timeouts.
struct PostsDatabase: Sendable {
    let client: PostgresClient
    let limiter: AsyncLimiter
    let queryTimeout: Double

    /// Parses `postgres://user:pass@host:port/db` into a client configuration.
    static func configuration(url: String, poolSize: Int) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
              components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty else {
            throw ConfigEnvironment.InvalidValue(name: "--database-url", expected: "postgres://user:pass@host:port/db", text: url)
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var config = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        config.options.maximumConnections = poolSize
        config.options.minimumConnections = 0
        config.options.connectTimeout = .seconds(3)
        return config
    }

    /// Runs `body` with a permit and a timeout.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = self.client
        let timeout = queryTimeout
        return try await limiter.run {
            try await withTimeout(seconds: timeout) { try await body(client) }
        }
    }

    /// Creates the schema and seeds `seedCount` posts when the table is empty.
    func prepare(seedCount: Int, logger: Logger) async throws {
        try await run { client in
            try await client.query("""
                CREATE TABLE IF NOT EXISTS posts (
                    id BIGSERIAL PRIMARY KEY,
                    title TEXT NOT NULL,
                    body TEXT NOT NULL,
                    author TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let rows = try await client.query("SELECT count(*) FROM posts")
            var count = 0
            for try await (value) in rows.decode(Int.self) { count = value }
            if count == 0 && seedCount > 0 {
                try await client.query("""
                    INSERT INTO posts (title, body, author)
                    SELECT 'Post ' || g, 'Body of post ' || g || '. ' || repeat('lorem ipsum ', 20), 'author' || (g % 10)
                    FROM generate_series(1, \(seedCount)) AS g
                    """)
                logger.info("seeded posts", metadata: ["count": "\(seedCount)"])
            }
        }
    }

    /// One page of posts (newest first) and the total count.
    func list(page: Int, perPage: Int) async throws -> (posts: [Post], total: Int) {
        try await run { client in
            let offset = (page - 1) * perPage
            let rows = try await client.query(
                "SELECT id, title, body, author, created_at, count(*) OVER() FROM posts ORDER BY id DESC LIMIT \(perPage) OFFSET \(offset)")
            var posts: [Post] = []
            var total = 0
            for try await (id, title, body, author, createdAt, count) in rows.decode((Int, String, String, String, Date, Int).self) {
                posts.append(Post(id: id, title: title, body: body, author: author, createdAt: createdAt))
                total = count
            }
            if posts.isEmpty {
                let countRows = try await client.query("SELECT count(*) FROM posts")
                for try await (value) in countRows.decode(Int.self) { total = value }
            }
            return (posts, total)
        }
    }

    /// One post, or nil.
    func get(id: Int) async throws -> Post? {
        try await run { client in
            let rows = try await client.query("SELECT id, title, body, author, created_at FROM posts WHERE id = \(id)")
            for try await (id, title, body, author, createdAt) in rows.decode((Int, String, String, String, Date).self) {
                return Post(id: id, title: title, body: body, author: author, createdAt: createdAt)
            }
            return nil
        }
    }

    /// Inserts a post and returns it.
    func create(title: String, body: String, author: String) async throws -> Post {
        try await run { client in
            let rows = try await client.query(
                "INSERT INTO posts (title, body, author) VALUES (\(title), \(body), \(author)) RETURNING id, title, body, author, created_at")
            for try await (id, title, body, author, createdAt) in rows.decode((Int, String, String, String, Date).self) {
                return Post(id: id, title: title, body: body, author: author, createdAt: createdAt)
            }
            throw APIError(status: .internalServerError, code: "internal", message: "insert returned no row")
        }
    }

    /// `SELECT 1` for readiness.
    func ping() async throws {
        try await run { client in
            _ = try await client.query("SELECT 1").collect()
        }
    }
}
