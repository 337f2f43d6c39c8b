/// A backing service the application needs, such as Redis or Postgres: either reached at a URL, or
/// started and managed by Turnout's runtime.
public struct Accessory: Sendable, Hashable {
    /// Which kind of backing service.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case redis
        case postgres

        /// The environment variable that carries the URL into services that use it.
        public var defaultEnvironmentName: String {
            switch self {
            case .redis: return "REDIS_URL"
            case .postgres: return "DATABASE_URL"
            }
        }

        /// The port the server listens on by default.
        public var defaultPort: Int {
            switch self {
            case .redis: return 6379
            case .postgres: return 5432
            }
        }

        /// The container image used by the docker and kubernetes runtimes by default.
        public var defaultImage: String {
            switch self {
            case .redis: return "redis:7-alpine"
            case .postgres: return "postgres:15-alpine"
            }
        }
    }

    /// The accessory's name (a DNS label), referenced by services' `uses`.
    public var name: String
    /// Redis or Postgres.
    public var kind: Kind
    /// Whether Turnout starts and stops it (otherwise `url` points at an existing server).
    public var managed: Bool
    /// The connection URL services receive, e.g. `redis://127.0.0.1:6379/0`.
    public var url: String
    /// The port a managed server listens on.
    public var port: Int
    /// The container image for a managed server.
    public var image: String
    /// The environment variable services receive the URL in.
    public var environmentName: String
    /// Redis `maxmemory` for a managed Redis (the SLO's Redis memory share is measured against it).
    public var maxMemory: ByteSize?
    /// The database name for a managed Postgres.
    public var database: String?
    /// The user for a managed Postgres.
    public var user: String?

    /// Creates an accessory.
    public init(
        name: String, kind: Kind, managed: Bool, url: String, port: Int, image: String, environmentName: String,
        maxMemory: ByteSize? = nil, database: String? = nil, user: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.managed = managed
        self.url = url
        self.port = port
        self.image = image
        self.environmentName = environmentName
        self.maxMemory = maxMemory
        self.database = database
        self.user = user
    }
}
