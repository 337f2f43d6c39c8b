import Foundation

/// Where everything Turnout keeps for one application lives under its state directory:
///
/// ```
/// STATE/state.db                 revisions, deploys, steps, events, instances, traffic, lock (SQLite)
/// STATE/nginx/                   nginx's prefix: nginx.conf, nginx.pid, access.log (JSON), error.log
/// STATE/instances/ID.log         each instance's stdout and stderr
/// STATE/releases/rN/SERVICE/     executables pinned for revision N, so a rollback can start them again
/// STATE/accessories/NAME/        managed Redis and PostgreSQL data and logs
/// STATE/prometheus/              targets.json (file_sd of every live instance); when managed also
///                                prometheus.yml, data/, prometheus.log and server.json (its record)
/// ```
public struct StateLayout: Sendable, Hashable {
    /// The state directory.
    public var root: String

    /// Creates the layout for `root` (made absolute).
    public init(root: String) {
        let absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        self.root = URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The SQLite database.
    public var database: String { root + "/state.db" }
    /// nginx's prefix directory.
    public var nginxPrefix: String { root + "/nginx" }
    /// Instance logs.
    public var instanceLogs: String { root + "/instances" }
    /// Pinned releases.
    public var releases: String { root + "/releases" }
    /// Managed accessories.
    public var accessories: String { root + "/accessories" }

    /// Everything Prometheus: the targets file, and a managed server's config, data, log and record.
    public var prometheus: String { root + "/prometheus" }
    /// The `file_sd` file listing every live instance's metrics endpoint.
    public var prometheusTargets: String { prometheus + "/targets.json" }
    /// The record of the managed Prometheus server (an `AccessoryRecord`).
    public var prometheusRecord: String { prometheus + "/server.json" }

    /// The folder holding revision `number`'s executables for `service`.
    public func release(_ number: Int, service: String) -> String { "\(releases)/r\(number)/\(service)" }

    /// Creates every folder.
    public func create() throws {
        for directory in [root, nginxPrefix, instanceLogs, releases, accessories] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }
}
