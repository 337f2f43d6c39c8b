import Foundation

/// Holds an exclusive lock on the `posts` table of the test PostgreSQL for a while, so that queries hang on
/// whatever connection runs them: how the tests exhaust the API's Postgres pool on purpose.
enum PostgresTableLock {
    /// `runuser … psql -Atc` arguments for the test database on `port`.
    static func psql(port: Int) -> [String] {
        ["-u", "postgres", "--", "/usr/bin/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "turnout", "-Atc"]
    }

    /// Takes the lock in a background psql that keeps it for `seconds`, and returns once it is granted.
    static func hold(port: Int, seconds: Int) async throws {
        let lockLog = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString).log").path
        let locker = try Spawn.start("/usr/sbin/runuser", psql(port: port) + [
            "BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(\(seconds)); COMMIT;",
        ], logPath: lockLog)
        ChildProcesses.track(locker)
        try await waitUntil(timeout: 30, what: "table lock") {
            let out = try runProgram("/usr/sbin/runuser", psql(port: port) + [
                "SELECT count(*) FROM pg_locks WHERE relation = 'posts'::regclass AND mode = 'AccessExclusiveLock' AND granted",
            ])
            return out.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
        }
    }
}
