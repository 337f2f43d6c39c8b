import Foundation
import Glibc
import Testing

@testable import TurnoutRuntime

@Suite struct ExecutableResolverTests {
    @Test func searchesDirectoriesInOrderAndSkipsNonExecutables() throws {
        let root = try TemporaryDirectory.make("resolver")
        defer { TemporaryDirectory.remove(root) }
        for directory in ["first", "second"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        try "#!/bin/sh\n".write(toFile: "\(root)/first/turnout-api", atomically: true, encoding: .utf8)  // not executable
        try "#!/bin/sh\n".write(toFile: "\(root)/second/turnout-api", atomically: true, encoding: .utf8)
        chmod("\(root)/second/turnout-api", 0o755)
        try FileManager.default.createDirectory(atPath: "\(root)/first/turnout-worker", withIntermediateDirectories: true)

        let resolver = ExecutableResolver(searchDirectories: ["\(root)/first", "\(root)/second"])
        #expect(try resolver.resolve("turnout-api", relativeTo: "/") == "\(root)/second/turnout-api")
        #expect(try resolver.resolve("second/turnout-api", relativeTo: root) == "\(root)/second/turnout-api")
        #expect(try resolver.resolve("./second/../second/turnout-api", relativeTo: root) == "\(root)/second/turnout-api")
        let error = #expect(throws: RuntimeError.self) { try resolver.resolve("turnout-worker", relativeTo: "/") }
        #expect(error?.code == .executableNotFound)
        #expect(error?.message.contains("\(root)/first:\(root)/second") == true)
        #expect(throws: RuntimeError.self) { try resolver.resolve("", relativeTo: "/") }
    }

    @Test func standardOrderPutsTurnoutsOwnDirectoryBeforePath() throws {
        let resolver = ExecutableResolver.standard(path: "/usr/local/bin::/usr/bin")
        let own = try #require(ExecutableResolver.ownExecutableDirectory())
        #expect(resolver.searchDirectories == [own, "/usr/local/bin", "/usr/bin"])
        #expect(try resolver.resolve("sh", relativeTo: "/") == "/usr/bin/sh")
    }
}
