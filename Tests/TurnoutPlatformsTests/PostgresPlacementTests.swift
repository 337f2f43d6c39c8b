import Foundation
import Testing

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Where a managed PostgreSQL's cluster and socket go: a table of what exists, what the postgres user can
/// reach, and the folder chosen; the names and the checks on them.
@Suite struct PostgresPlacementTests {
    static let inState = "/home/someone/checkout/.turnout/accessories/postgres"

    @Test func namesAreShortStableAndPerStateDirectory() {
        let digest = PostgresPlacement.digest(Self.inState)
        #expect(digest.count == 16 && digest.allSatisfy(\.isHexDigit))
        #expect(digest == PostgresPlacement.digest(Self.inState))
        #expect(digest != PostgresPlacement.digest(Self.inState + "2"))
        #expect(PostgresPlacement.digest("") == "cbf29ce484222325")  // FNV-1a's offset basis
        #expect(PostgresPlacement.socketDirectory(for: Self.inState, under: "/tmp") == "/tmp/turnout-pg-\(digest)")
        #expect(PostgresPlacement.externalDirectory(for: Self.inState, name: "postgres", application: "blog", under: "/var/lib/turnout/postgres")
                    == "/var/lib/turnout/postgres/blog-postgres-\(digest)")
        #expect(PostgresPlacement.externalDirectory(for: Self.inState, name: "db", application: nil, under: "/x") == "/x/db-\(digest)")
    }

    /// Folders that hold a cluster (by name: recorded, inState, external), whether the postgres user can reach
    /// the state directory, and the folder expected.
    @Test(arguments: [
        ([String](), true, "inState"),
        ([], false, "external"),
        (["inState"], true, "inState"),
        (["inState"], false, "external"),
        (["external"], true, "external"),
        (["external"], false, "external"),
        (["inState", "external"], true, "inState"),
        (["recorded"], false, "recorded"),
        (["recorded", "inState"], true, "recorded"),
    ])
    func theFolderHoldingTheClusterWinsThenReachability(clusters: [String], reachable: Bool, expected: String) async throws {
        let root = try TestSupport.makeTemporaryDirectory("placement")
        defer { TestSupport.remove(root) }
        for name in clusters {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name)/data", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: "\(root)/\(name)/data/PG_VERSION", contents: Data("15\n".utf8))
        }
        var asked = 0
        let chosen = try await PostgresPlacement.chooseDirectory(
            inState: root + "/inState", recorded: root + "/recorded", external: root + "/external"
        ) {
            asked += 1
            return reachable
        }
        #expect(chosen == root + "/" + expected)
        #expect(asked <= 1)
    }

    @Test func withoutAnOutsideFolderTheStateDirectoryIsUsedWithoutAsking() async throws {
        let chosen = try await PostgresPlacement.chooseDirectory(inState: Self.inState, recorded: nil, external: nil) {
            Issue.record("reachability asked although PostgreSQL runs as Turnout's own user")
            return false
        }
        #expect(chosen == Self.inState)
    }

    @Test func pathsAShellWouldReadAndOverlongSocketsAreRefused() throws {
        let socket = PostgresPlacement.socketDirectory(for: Self.inState, under: "/tmp")
        try PostgresPlacement(directory: Self.inState, socketDirectory: socket).check(port: 65535)
        for bad in ["\"", "'", "$", "`", "\\"] {
            let placement = PostgresPlacement(directory: "/srv/a\(bad)b/accessories/postgres", socketDirectory: socket)
            let error = #expect(throws: RuntimeError.self) { try placement.check(port: 5432) }
            #expect(error?.code == .setupFailed && error?.message.contains("pg_ctl would hand to a shell") == true)
        }
        let long = PostgresPlacement(directory: Self.inState, socketDirectory: "/" + String(repeating: "s", count: 100))
        let error = #expect(throws: RuntimeError.self) { try long.check(port: 5432) }
        #expect(error?.message.contains("over the limit of 107") == true, "\(error?.message ?? "")")
    }
}
