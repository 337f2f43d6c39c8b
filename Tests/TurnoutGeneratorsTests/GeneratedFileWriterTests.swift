import Foundation
import Testing
@testable import TurnoutGenerators

@Suite struct GeneratedFileWriterTests {
    @Test func writesFilesAndReplacesExistingOnesWithoutLeftovers() throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = GeneratedFileWriter(outputDirectory: directory)
        try writer.write([GeneratedFile(path: "a/b.txt", contents: "one")])
        try writer.write([GeneratedFile(path: "a/b.txt", contents: "two")])
        #expect(try String(contentsOf: directory.appendingPathComponent("a/b.txt"), encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("a").path) == ["b.txt"])
    }

    @Test(arguments: ["../escape.txt", "/etc/passwd", "a//b", "a/./b", ""])
    func refusesPathsOutsideTheOutputDirectory(path: String) throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: GeneratorError.self) {
            try GeneratedFileWriter(outputDirectory: directory).write(GeneratedFile(path: path, contents: "x"))
        }
    }
}
