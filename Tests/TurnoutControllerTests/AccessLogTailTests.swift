import Foundation
import Testing
@testable import TurnoutController

/// Following nginx's access log across analyses: only new lines are parsed, and a backlog larger than a window
/// can need is skipped by reading the window from the end.
@Suite struct AccessLogTailTests {
    static func line(_ time: Date, port: Int) -> String {
        AccessLogAnalysisTests.line(time, status: 200, upstreams: "127.0.0.1:\(port)", statuses: "200", times: "0.010")
    }

    static func append(_ lines: [String], to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func followsNewLinesAndKeepsTheWindow() throws {
        let now = Date()
        let path = try AccessLogAnalysisTests.writeLog([Self.line(now.addingTimeInterval(-3), port: 9001)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tail = AccessLogTail(path: path)
        #expect(try tail.entries(since: now.addingTimeInterval(-5), now: now).count == 1)
        try Self.append([Self.line(now.addingTimeInterval(-1), port: 9101)], to: path)
        let entries = try tail.entries(since: now.addingTimeInterval(-5), now: now)
        #expect(entries.count == 2)
        #expect(entries.last?.attempts.first?.address == "127.0.0.1:9101")
    }

    @Test func aBacklogLargerThanAWindowCanNeedIsReadFromTheEnd() throws {
        let now = Date()
        let path = try AccessLogAnalysisTests.writeLog([Self.line(now.addingTimeInterval(-600), port: 9001)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tail = AccessLogTail(path: path)
        _ = try tail.entries(since: now.addingTimeInterval(-700), now: now.addingTimeInterval(-500))
        // More than the largest increment of old lines, then three inside the window.
        let old = Self.line(now.addingTimeInterval(-300), port: 9001)
        let count = Int(AccessLogTail.largestIncrement) / old.utf8.count + 100
        try Self.append(Array(repeating: old, count: count), to: path)
        try Self.append((1...3).map { Self.line(now.addingTimeInterval(-Double($0)), port: 9101) }, to: path)
        let entries = try tail.entries(since: now.addingTimeInterval(-5), now: now)
        #expect(entries.count == 3)
        #expect(entries.allSatisfy { $0.attempts.first?.address == "127.0.0.1:9101" })
        // And it goes on following from there.
        try Self.append([Self.line(now, port: 9101)], to: path)
        #expect(try tail.entries(since: now.addingTimeInterval(-5), now: now).count == 4)
    }
}
