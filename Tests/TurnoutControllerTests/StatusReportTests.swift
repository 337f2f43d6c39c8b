import Testing

@testable import TurnoutController

/// What `turnout status` prints about accessories: whether each runs, and where its files and socket are
/// (a PostgreSQL may keep them outside the state directory).
@Suite struct StatusReportTests {
    @Test func eachAccessorySaysWhereItsFilesAndSocketAre() {
        var report = StatusReport(
            app: "blog", stableRevision: 1, stableLabel: "v1", unfinishedDeploy: nil, interrupted: false, lock: nil,
            router: nil, listen: nil, services: [])
        report.accessories = [
            .init(name: "postgres", kind: "postgres", state: "running", pid: 42, endpoint: "127.0.0.1:5440",
                  directory: "/var/lib/turnout/postgres/blog-postgres-0123456789abcdef",
                  socketDirectory: "/tmp/turnout-pg-0123456789abcdef"),
            .init(name: "cache", kind: "redis", state: "external", pid: nil, endpoint: "10.0.0.5:6379", directory: nil,
                  socketDirectory: nil),
        ]
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines.suffix(2) == [
            "accessory postgres (postgres): running (PID 42) on 127.0.0.1:5440, files in "
                + "/var/lib/turnout/postgres/blog-postgres-0123456789abcdef, socket in /tmp/turnout-pg-0123456789abcdef",
            "accessory cache (redis): external on 10.0.0.5:6379",
        ])
    }
}
