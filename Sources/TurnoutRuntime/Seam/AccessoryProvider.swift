import TurnoutManifest

/// The manifest's accessories (Redis, PostgreSQL) and its managed Prometheus, as a platform provides them:
/// started (or adopted) when managed, checked when not, and reachable from its instances.
public protocol AccessoryProvider: Sendable {
    /// Starts or adopts every managed accessory of `manifest` and checks that the others answer; reports each
    /// one it started through `report`. Returns, per accessory name, the URL its services' instances use to
    /// reach it (a container reaches the host's servers through its network's gateway, not loopback).
    func ensure(_ manifest: Manifest, report: @Sendable (String) -> Void) async throws -> [String: String]

    /// Starts or adopts the managed Prometheus (scraping `targetsFile` every `scrapeInterval`); returns where
    /// Turnout asks it, and whether it was started now.
    func ensurePrometheus(scrapeInterval: TimeSpan, targetsFile: String) async throws -> (endpoint: Endpoint, started: Bool, process: String)

    /// What `turnout status` says about each accessory this state directory records.
    func statuses() async -> [AccessoryState]

    /// Stops every accessory and the Prometheus this state directory started, whatever the manifest says now;
    /// returns what it stopped.
    func stopAll() async -> [String]
}

/// One accessory as `turnout status` shows it.
public struct AccessoryState: Sendable, Hashable, Codable {
    /// Its name.
    public var name: String
    /// `redis`, `postgres` or `prometheus`.
    public var kind: String
    /// `running`, `not running`, or `external` (not managed by Turnout; only its URL was checked).
    public var state: String
    /// The server's process ID, when Turnout runs it on this host.
    public var pid: Int32?
    /// `host:port`.
    public var endpoint: String
    /// Where its files are (for a managed PostgreSQL, possibly outside the state directory).
    public var directory: String?
    /// A managed PostgreSQL's socket folder.
    public var socketDirectory: String?

    /// Creates a state.
    public init(name: String, kind: String, state: String, pid: Int32?, endpoint: String, directory: String?, socketDirectory: String?) {
        self.name = name
        self.kind = kind
        self.state = state
        self.pid = pid
        self.endpoint = endpoint
        self.directory = directory
        self.socketDirectory = socketDirectory
    }
}
