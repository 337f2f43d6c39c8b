import TurnoutRuntime
import TurnoutManifest

/// The argv of every command the accessory manager runs, built as arrays and tested by exact value.
public enum AccessoryCommands {
    /// `redis-server` in the foreground on loopback (and `alsoListenOn`, a container network's gateway, with
    /// protected mode off: it would answer that network's clients DENIED, and only they reach that address),
    /// without persistence, data in `directory`.
    public static func redisServer(executable: String, port: Int, directory: String, maxMemory: ByteSize?, alsoListenOn: String? = nil) -> [String] {
        var argv = [
            executable, "--port", String(port), "--bind", "127.0.0.1",
        ] + (alsoListenOn.map { [$0, "--protected-mode", "no"] } ?? []) + [
            "--dir", directory, "--save", "", "--appendonly", "no",
        ]
        if let maxMemory { argv += ["--maxmemory", String(maxMemory.bytes)] }
        return argv + ["--daemonize", "no"]
    }

    /// `initdb` of `dataDirectory` with `user` as the superuser and trust authentication.
    public static func initdb(binDirectory: String, dataDirectory: String, user: String) -> [String] {
        [binDirectory + "/initdb", "-D", dataDirectory, "-U", user, "--auth=trust"]
    }

    /// `pg_ctl start -w`: the server listens on `127.0.0.1:port` and puts its Unix socket in `socketDirectory`.
    /// pg_ctl hands `-o` to a shell, so the socket directory is single-quoted there, and the data directory and
    /// log path in double quotes (callers reject paths with characters a shell would read, see
    /// `PostgresPlacement.check`).
    public static func pgCtlStart(
        binDirectory: String, dataDirectory: String, socketDirectory: String, port: Int, logPath: String, waitSeconds: Int64,
        alsoListenOn: String? = nil
    ) -> [String] {
        [
            binDirectory + "/pg_ctl", "-D", dataDirectory,
            "-o", "-k '\(socketDirectory)' -p \(port) -c listen_addresses=127.0.0.1\(alsoListenOn.map { "," + $0 } ?? "")",
            "-l", logPath, "start", "-w", "-t", String(waitSeconds),
        ]
    }

    /// `pg_ctl stop -m fast -w`.
    public static func pgCtlStop(binDirectory: String, dataDirectory: String, waitSeconds: Int64) -> [String] {
        [binDirectory + "/pg_ctl", "-D", dataDirectory, "stop", "-m", "fast", "-w", "-t", String(waitSeconds)]
    }

    /// `pg_ctl status`: exits 0 when a server runs on the data directory.
    public static func pgCtlStatus(binDirectory: String, dataDirectory: String) -> [String] {
        [binDirectory + "/pg_ctl", "-D", dataDirectory, "status"]
    }

    /// `pg_isready` over TCP.
    public static func pgIsReady(binDirectory: String, port: Int) -> [String] {
        [binDirectory + "/pg_isready", "-h", "127.0.0.1", "-p", String(port)]
    }

    /// `createdb` over TCP as `user`.
    public static func createdb(binDirectory: String, port: Int, user: String, database: String) -> [String] {
        [binDirectory + "/createdb", "-h", "127.0.0.1", "-p", String(port), "-U", user, database]
    }

    /// `prometheus` with `configFile`, its TSDB in `dataDirectory` (kept one day), the web API on
    /// `127.0.0.1:port` only.
    public static func prometheus(executable: String, configFile: String, dataDirectory: String, port: Int) -> [String] {
        [
            executable, "--config.file=\(configFile)", "--storage.tsdb.path=\(dataDirectory)",
            "--storage.tsdb.retention.time=1d", "--web.listen-address=127.0.0.1:\(port)",
        ]
    }

    /// `argv` run as `user` through `runuser` (PostgreSQL refuses to run as root).
    public static func asUser(_ user: String, runuser: String, _ argv: [String]) -> [String] {
        [runuser, "-u", user, "--"] + argv
    }
}
