import Foundation
import Testing

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// The excerpt a failed start quotes, from the logs the real servers write when they fail (lines copied from
/// PostgreSQL 15, Redis 7 and Prometheus 2 on this machine).
@Suite struct AccessoryLogTests {
    @Test func postgresSaysWhyItsSocketCouldNotBeCreated() {
        let log = """
            2026-12-01 08:00:00.000 UTC [100] LOG:  starting PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu
            2026-12-01 08:00:00.001 UTC [100] LOG:  listening on IPv4 address "127.0.0.1", port 5440
            2026-12-01 08:00:00.002 UTC [100] LOG:  Unix-domain socket path "/long/path/.s.PGSQL.5440" is too long (maximum 107 bytes)
            2026-12-01 08:00:00.003 UTC [100] WARNING:  could not create Unix-domain socket in directory "/long/path"
            2026-12-01 08:00:00.004 UTC [100] FATAL:  could not create any Unix-domain sockets
            2026-12-01 08:00:00.005 UTC [100] LOG:  database system is shut down
            """
        let excerpt = AccessoryLog.excerpt(log)
        #expect(excerpt.first?.contains("is too long (maximum 107 bytes)") == true, "\(excerpt)")
        #expect(excerpt.contains { $0.contains("FATAL:  could not create any Unix-domain sockets") })
        #expect(!excerpt.contains { $0.contains("starting PostgreSQL") })
    }

    @Test func redisSaysWhichSettingItCouldNotRead() {
        let log = """
            1:C 01 Dec 2026 08:00:00.000 * Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=1, just started

            *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
            Reading the configuration file, at line 2
            >>> 'port "abc"'
            argument couldn't be parsed into an integer
            """
        #expect(AccessoryLog.excerpt(log) == [
            "1:C 01 Dec 2026 08:00:00.000 * Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=1, just started",
            "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***", "Reading the configuration file, at line 2", ">>> 'port \"abc\"'",
            "argument couldn't be parsed into an integer",
        ])
        let warning = "2:M 01 Dec 2026 08:00:00.000 * Server initialized\n2:M 01 Dec 2026 08:00:00.001 # Failed listening on port 6390 (tcp), aborting."
        #expect(AccessoryLog.excerpt(warning).last == "2:M 01 Dec 2026 08:00:00.001 # Failed listening on port 6390 (tcp), aborting.")
    }

    @Test func prometheusErrorLineIsQuoted() {
        let log = """
            ts=2026-12-01T08:00:00.000Z caller=main.go:540 level=info msg="No time or size retention was set so using the default time retention" duration=15d
            ts=2026-12-01T08:00:00.001Z caller=main.go:469 level=error msg="Error loading config (--config.file=/x.yml)" err="open /x.yml: no such file or directory"
            """
        #expect(AccessoryLog.excerpt(log).last?.contains("open /x.yml: no such file or directory") == true)
    }

    @Test func withoutAProblemLineTheLastLinesAreShown() {
        let log = (1...20).map { "line \($0)" }.joined(separator: "\n")
        #expect(AccessoryLog.excerpt(log) == (15...20).map { "line \($0)" })
        #expect(AccessoryLog.excerpt("") == [])
    }

    @Test func reasonReadsOnlyWhatTheLastStartWrote() throws {
        let path = NSTemporaryDirectory() + "turnout-accessory-log-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "FATAL:  an old failure\n".write(toFile: path, atomically: true, encoding: .utf8)
        let mark = AccessoryLog.size(of: path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("LOG:  cause\nFATAL:  this start's failure\n".utf8))
        try handle.close()
        #expect(AccessoryLog.reason(in: path, since: mark) == ": LOG:  cause | FATAL:  this start's failure")
        #expect(AccessoryLog.reason(in: path).hasPrefix(": FATAL:  an old failure"))
        #expect(AccessoryLog.reason(in: path, since: AccessoryLog.size(of: path)) == "")
        #expect(AccessoryLog.reason(in: path + ".missing") == "" && AccessoryLog.size(of: path + ".missing") == 0)
    }
}
