import Foundation
import TurnoutRuntime
import TurnoutManifest

/// What the controller persists about an accessory Turnout started (or checked), enough to reuse it after a
/// restart and to stop it by PID.
public struct AccessoryRecord: Sendable, Hashable, Codable {
    /// The accessory's name from the manifest.
    public var name: String
    /// `redis` or `postgres` (`Accessory.Kind`'s raw value).
    public var kind: String
    /// Whether Turnout started it (otherwise only its URL was checked, and `pid` is `nil`).
    public var managed: Bool
    /// The server's PID: `redis-server` itself, or the postmaster (from `postmaster.pid`).
    public var pid: Int32?
    /// The server's start time from `/proc/PID/stat` field 22, to tell a reused PID from ours.
    public var processStartTime: UInt64?
    /// The host it listens on (`127.0.0.1` for managed servers).
    public var host: String
    /// The port it listens on.
    public var port: Int
    /// The directory holding its files, for managed servers: `STATE/accessories/NAME`, or for a PostgreSQL
    /// whose user cannot reach the state directory the folder it was given instead (see `PostgresPlacement`).
    public var directory: String?
    /// The folder holding a managed PostgreSQL's Unix socket (short, outside the state directory); removed
    /// once the server is stopped. `nil` for other kinds and for records written before it existed.
    public var socketDirectory: String?
    /// Its log file, for managed servers.
    public var logPath: String?
    /// The addresses a managed server listens on besides loopback (a container network's gateway); `nil`
    /// for none and for records written before it existed.
    public var extraListenAddress: String?
    /// The connection URL services receive.
    public var url: String
    /// When Turnout started it (or first saw it).
    public var startedAt: Date

    /// Creates a record.
    public init(
        name: String, kind: String, managed: Bool, pid: Int32?, processStartTime: UInt64?, host: String, port: Int,
        directory: String?, logPath: String?, url: String, startedAt: Date
    ) {
        self.name = name
        self.kind = kind
        self.managed = managed
        self.pid = pid
        self.processStartTime = processStartTime
        self.host = host
        self.port = port
        self.directory = directory
        self.logPath = logPath
        self.url = url
        self.startedAt = startedAt
    }

    /// The server process, so a `LocalProcessRuntime` can check and stop it.
    public var processRecord: ProcessHandle? {
        guard let pid, let processStartTime else { return nil }
        return ProcessHandle(pid: pid, startTime: processStartTime, logPath: logPath ?? "/dev/null")
    }
}
