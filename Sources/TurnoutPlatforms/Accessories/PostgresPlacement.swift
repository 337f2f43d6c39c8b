import Foundation
import TurnoutRuntime

/// Where a managed PostgreSQL keeps its cluster and its Unix socket.
///
/// - The cluster (`data/`, `postgres.log`, `commands.log`) lives in `STATE/accessories/NAME`, unless Turnout
///   runs as root and the `postgres` user cannot reach that folder (a state directory under `/root` or any
///   other private folder): then in `EXTERNAL/APP-NAME-DIGEST` (by default under `/var/lib/turnout/postgres`),
///   owned by postgres, mode 0700. The user's own folders keep their permissions. A place that already holds
///   a cluster wins, the recorded one first, so later runs, `turnout status` and `turnout down` find the same
///   data.
/// - The socket goes to `SOCKETS/turnout-pg-DIGEST` (by default under `/tmp`), mode 0700, so its path stays
///   far below the 107-byte limit of a Unix socket path however long the state directory's path is.
///
/// DIGEST is 16 hex digits of a hash of `STATE/accessories/NAME`: one state directory, one place. It only
/// names the folders; that nobody else controls them is checked by ``PrivateDirectory``.
struct PostgresPlacement: Sendable, Hashable {
    /// The folder holding `data/`, `postgres.log` and the logs of the helper commands.
    var directory: String
    /// The folder the server puts its Unix socket (and the socket's lock file) in.
    var socketDirectory: String

    /// The cluster's data directory.
    var dataDirectory: String { directory + "/data" }
    /// The server's log (pg_ctl's `-l`).
    var logPath: String { directory + "/postgres.log" }
    /// The output of initdb, pg_ctl and createdb.
    var commandLog: String { directory + "/commands.log" }

    /// The longest path of a Unix socket (`sun_path` holds 108 bytes with the terminating NUL).
    static let maximumSocketPath = 107

    /// Characters pg_ctl would interpret: it hands the data directory and log path to `/bin/sh` in double
    /// quotes and the `-o` options (with the socket directory in single quotes) unquoted.
    static let shellCharacters: Set<Character> = ["\"", "'", "$", "`", "\\", "\n"]

    /// 16 hex digits of FNV-1a (64 bits) over `text`'s UTF-8.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The socket folder for the accessory kept in `inState`.
    static func socketDirectory(for inState: String, under root: String) -> String {
        root + "/turnout-pg-" + digest(inState)
    }

    /// The folder outside the state directory for the accessory kept in `inState`.
    static func externalDirectory(for inState: String, name: String, application: String?, under root: String) -> String {
        root + "/" + ([application, name].compactMap { $0 } + [digest(inState)]).joined(separator: "-")
    }

    /// Whether `directory` holds an initialised cluster.
    static func holdsCluster(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/data/PG_VERSION")
    }

    /// The folder to keep the cluster in: `recorded` when it holds a cluster, else `inState` when it does and
    /// `reachable` says the postgres user can get there, else `external` when it does; with no cluster yet,
    /// `inState` when reachable, `external` otherwise. `reachable` is asked at most once, and only when
    /// `external` is given (Turnout runs as root).
    static func chooseDirectory(
        inState: String, recorded: String?, external: String?, reachable: () async throws -> Bool
    ) async throws -> String {
        if let recorded, holdsCluster(recorded) { return recorded }
        guard let external else { return inState }
        let canReach = try await reachable()
        if canReach, holdsCluster(inState) { return inState }
        if holdsCluster(external) { return external }
        return canReach ? inState : external
    }

    /// Throws unless the server's paths are safe to hand to pg_ctl's shell and the socket path fits.
    func check(port: Int) throws {
        for path in [dataDirectory, logPath, socketDirectory] {
            if let bad = path.first(where: { Self.shellCharacters.contains($0) }) {
                throw RuntimeError(
                    .setupFailed, "the path \(path) contains \(bad.debugDescription), which pg_ctl would hand to a shell",
                    hint: "use a state directory whose path has none of \" ' $ ` \\")
            }
        }
        let socket = socketDirectory + "/.s.PGSQL.\(port)"
        guard socket.utf8.count <= Self.maximumSocketPath else {
            throw RuntimeError(
                .setupFailed,
                "the Unix socket path \(socket) is \(socket.utf8.count) bytes, over the limit of \(Self.maximumSocketPath)",
                hint: "choose a shorter socket root")
        }
    }
}

extension PostgresPlacement {
    /// Lets clients of `subnet` (a container network, `172.18.0.0/16`) in with trust authentication, as the
    /// cluster's loopback clients are: appends the `host` line to `pg_hba.conf` once. The subnet comes from the
    /// engine and is checked to be an IPv4 CIDR, since the listen address beside it passes through pg_ctl's shell.
    static func allow(subnet: String, in dataDirectory: String) throws {
        guard NetworkAddress.isIPv4CIDR(subnet) else {
            throw RuntimeError(.setupFailed, "\(subnet) is not an IPv4 subnet such as 172.18.0.0/16")
        }
        let file = (dataDirectory as NSString).appendingPathComponent("pg_hba.conf")
        let line = "host all all \(subnet) trust"
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard !text.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == line }) else { return }
        guard let handle = FileHandle(forWritingAtPath: file) else {
            throw RuntimeError(.setupFailed, "cannot open \(file) to let containers of \(subnet) connect")
        }
        defer { try? handle.close() }
        handle.seekToEndOfFile()
        handle.write(Data("\n# Turnout: the app's container network\n\(line)\n".utf8))
    }
}
