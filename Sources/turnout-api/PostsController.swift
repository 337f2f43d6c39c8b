import Foundation
import Hummingbird
import TurnoutAppCore
import TurnoutRedis

/// `/api/v1/posts`: reads cached in Redis as serialized response bytes.
///
/// List pages live under a generation number (`turnout:cache:posts:gen`);
/// creating a post increments it, which invalidates every cached page in O(1)
/// (old pages simply expire).
struct PostsController: Sendable {
    let database: PostsDatabase
    let redis: RedisMultiplexer
    let metrics: APIMetrics
    let cacheTTL: Int
    let cacheEnabled: Bool
    let body: RequestBody
    /// Coalesces concurrent cache fills of one key into one database query.
    let fills = SingleFlight<[UInt8]>()

    static let generationKey = "turnout:cache:posts:gen"

    /// Reads the generation and the page in one round trip. A missing generation is created, so that only the
    /// very first read counts a Redis miss for it (Redis' hit rate is the cache's, not the bookkeeping's).
    static let listLookup = """
    local gen = redis.call('GET', KEYS[1])
    if not gen then
      gen = '0'
      redis.call('SET', KEYS[1], gen, 'NX')
    end
    return {gen, redis.call('GET', ARGV[1] .. gen .. ARGV[2])}
    """

    static func postKey(_ id: Int) -> String { "turnout:cache:post:\(id)" }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api/v1/posts") { request, _ in try await self.list(request) }
        router.post("/api/v1/posts") { request, _ in try await self.create(request) }
        router.get("/api/v1/posts/{id}") { request, context in try await self.get(request, context) }
    }

    func list(_ request: Request) async throws -> Response {
        let page = try RequestBody.queryInt(request, "page", default: 1, range: 1...100_000)
        let perPage = try RequestBody.queryInt(request, "per_page", default: 20, range: 1...100)
        var generation = "0"
        if cacheEnabled {
            let reply = try await redis.command([
                "EVAL", Self.listLookup, "1", Self.generationKey, "turnout:cache:posts:v", ":p\(page):n\(perPage)",
            ]).throwIfError()
            if let items = reply.array, items.count >= 1 {
                generation = items[0].string ?? "0"
                if items.count == 2, let cached = items[1].bytes {
                    metrics.cacheHits.inc()
                    return Self.json(cached, cache: "hit")
                }
            }
        }
        metrics.cacheMisses.inc()
        let key = "turnout:cache:posts:v\(generation):p\(page):n\(perPage)"
        let bytes = try await fill(key) { [database] in
            let (posts, total) = try await database.list(page: page, perPage: perPage)
            return try Self.encode(PostPage(page: page, perPage: perPage, total: total, posts: posts))
        }
        return Self.json(bytes, cache: "miss")
    }

    func get(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int(text), id > 0 else {
            throw APIError.invalidField("id", "a positive integer post id in the path")
        }
        let key = Self.postKey(id)
        if cacheEnabled, let cached = try await redis.command(["GET", key]).throwIfError().bytes {
            metrics.cacheHits.inc()
            return Self.json(cached, cache: "hit")
        }
        metrics.cacheMisses.inc()
        let bytes = try await fill(key) { [database] in
            guard let post = try await database.get(id: id) else { throw APIError.notFound("post \(id) not found") }
            return try Self.encode(post)
        }
        return Self.json(bytes, cache: "miss")
    }

    /// The response bytes for cache `key` after a miss: `load` (the database query and encoding) runs once for
    /// all the requests that miss `key` at the same time, and its result is stored in Redis with the TTL.
    /// With the cache disabled (a fault switch), every request runs its own query, as without any cache.
    func fill(_ key: String, _ load: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        guard cacheEnabled else { return try await load() }
        let (bytes, shared) = try await fills.run(key) { [redis, cacheTTL] in
            let bytes = try await load()
            _ = try await redis.command(bytes: [Array("SET".utf8), Array(key.utf8), bytes, Array("EX".utf8), Array(String(cacheTTL).utf8)])
            return bytes
        }
        if shared { metrics.cacheFillsShared.inc() }
        return bytes
    }

    func create(_ request: Request) async throws -> Response {
        let object = try await body.jsonObject(request)
        let title = try RequestBody.string(object, "title", maxLength: 200)
        let text = try RequestBody.string(object, "body", maxLength: 100_000)
        let author = try RequestBody.string(object, "author", maxLength: 100)
        let post = try await database.create(title: title, body: text, author: author)
        _ = try await redis.command(["INCR", Self.generationKey]).throwIfError()
        var response = Self.json(try Self.encode(post), cache: nil)
        response.status = .created
        response.headers[.location] = "/api/v1/posts/\(post.id)"
        return response
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }

    static func json(_ bytes: [UInt8], cache: String?) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let cache { headers[HTTPFields.Element.Name("X-Cache")!] = cache }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A page of posts as returned by the list endpoint.
struct PostPage: Encodable {
    let page: Int
    let perPage: Int
    let total: Int
    let posts: [Post]

    enum CodingKeys: String, CodingKey {
        case page, total, posts
        case perPage = "per_page"
    }
}
