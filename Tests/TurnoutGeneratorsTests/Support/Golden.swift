import Foundation
import Testing
import TurnoutGenerators

/// Golden files under `Tests/TurnoutGeneratorsTests/Golden/<case>/<path>`. Set `TURNOUT_RECORD_GOLDEN=1` to
/// re-record them from the current output (then review the diff).
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden")
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["TURNOUT_RECORD_GOLDEN"] == "1" }

    /// Compares `files` with the golden copies of `name` (and that no golden file is missing from `files`).
    static func check(_ files: [GeneratedFile], case name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let base = directory.appendingPathComponent(name)
        if recording {
            try? FileManager.default.removeItem(at: base)
            try GeneratedFileWriter(outputDirectory: base).write(files)
            return
        }
        for file in files {
            let url = base.appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                Issue.record("no golden file \(name)/\(file.path); record with TURNOUT_RECORD_GOLDEN=1",
                             sourceLocation: sourceLocation)
                continue
            }
            let expected = String(decoding: data, as: UTF8.self)
            #expect(file.contents == expected, "\(name)/\(file.path) differs from its golden file", sourceLocation: sourceLocation)
        }
        let recorded = (FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.hasPrefix(".") && $0.contains(".") && !isDirectory(base.appendingPathComponent($0)) }
        #expect(Set(recorded) == Set(files.map(\.path)), "golden files of \(name) do not match the output's file list",
                sourceLocation: sourceLocation)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}
