import Foundation
import Testing
@testable import TurnoutController

/// The byte scanner for nginx's `turnout` log lines: fields by name in any order, escapes inside strings,
/// nginx's attempt lists, and line splitting with an unfinished last line.
@Suite struct AccessLogLineTests {
    static func parse(_ line: String) -> AccessLogReader.Entry? { AccessLogReader.parse(Data(line.utf8)) }

    static func items(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { value in AccessLogLine.items(value).map { String(decoding: UnsafeBufferPointer(rebasing: value[$0]), as: UTF8.self) } }
    }

    @Test func fieldsAreFoundByNameWhateverTheirOrderAndWhateverTheStringsHold() throws {
        let line = #"{"uri":"/x?\"status\":1,\"time\":2","upstream_status":"200","status":201,"upstream_addr":"127.0.0.1:9001","request_time":12.5,"upstream_response_time":"0.250","time":"2026-11-29T01:42:27+00:00"}"#
        let entry = try #require(Self.parse(line))
        #expect(entry.status == 201 && entry.requestTime == 12.5)
        #expect(entry.time == ISO8601DateFormatter().date(from: "2026-11-29T01:42:27Z"))
        #expect(entry.attempts.map(\.address) == ["127.0.0.1:9001"])
        #expect(entry.attempts.map(\.status) == [200] && entry.attempts.map(\.seconds) == [0.25])
    }

    @Test func msecGivesTheTimeToTheMillisecondAndUriTheRoute() throws {
        let line = #"{"time":"2026-11-29T01:42:27+00:00","msec":1764380547.125,"uri":"/api/v1/posts/42?page=2","status":200,"request_time":0.003,"upstream_addr":"127.0.0.1:9001","upstream_status":"200","upstream_response_time":"0.002"}"#
        let entry = try #require(Self.parse(line))
        #expect(entry.time == Date(timeIntervalSince1970: 1_764_380_547.125))
        #expect(entry.route == "/api/v1/posts/:id")
        // Without msec (older logs), the second-resolution time.
        let old = try #require(Self.parse(#"{"time":"2026-11-29T01:42:27+00:00","status":200,"request_time":0.003}"#))
        #expect(old.time == ISO8601DateFormatter().date(from: "2026-11-29T01:42:27Z") && old.route == "")
    }

    @Test(arguments: [
        ("/api/v1/posts", "/api/v1/posts"), ("/api/v1/posts?page=2", "/api/v1/posts"), ("/api/v1/posts/42", "/api/v1/posts/:id"),
        ("/api/v1/tasks/6f1c2a9e-7b3d-4e2a-9c1f-0a1b2c3d4e5f", "/api/v1/tasks/:id"), ("/api/v1/posts/latest", "/api/v1/posts/latest"),
        ("/users/12/posts/7#top", "/users/:id/posts/:id"), ("/", "/"), ("", ""), ("/v2/cafe", "/v2/cafe"),
    ])
    func routeKeysCollapseIdentifiers(uri: String, route: String) {
        #expect(RouteKey.of(uri: uri) == route)
    }

    @Test func attemptListsSplitOnCommasAndRedirectsAndSkipDashes() {
        #expect(Self.items("127.0.0.1:9101, 127.0.0.1:9001 : 127.0.0.1:9002") == ["127.0.0.1:9101", "127.0.0.1:9001", "127.0.0.1:9002"])
        #expect(Self.items("-") == [] && Self.items("") == [])
        #expect(Self.items("502, -") == ["502"])
    }

    @Test func anAttemptWithoutAnswerHasNoStatusOrTime() throws {
        let line = #"{"time":"2026-11-29T01:42:27+00:00","status":502,"request_time":0.001,"upstream_addr":"127.0.0.1:9101","upstream_status":"-","upstream_response_time":"-"}"#
        let entry = try #require(Self.parse(line))
        #expect(entry.attempts.count == 1)
        #expect(entry.attempts.first?.status == nil && entry.attempts.first?.seconds == nil)
    }

    @Test func numbersThatAreNotPlainDecimalsAreRejected() {
        var text = "1e3"
        #expect(text.withUTF8 { AccessLogLine.decimal($0) } == nil)
        text = "0.012"
        #expect(text.withUTF8 { AccessLogLine.decimal($0) } == 0.012)
        text = "12a"
        #expect(text.withUTF8 { AccessLogLine.integer($0) } == nil)
    }

    @Test func linesEndAtNewlinesAndAnUnfinishedOneOnlyWhenAsked() {
        var text = "a\n\nbc\nunfinished"
        var lines: [String] = []
        let covered = text.withUTF8 { AccessLogLine.forEachLine(in: $0) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        #expect(lines == ["a", "bc"] && covered == 6)
        lines = []
        text.withUTF8 { _ = AccessLogLine.forEachLine(in: $0, includingUnfinished: true) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        #expect(lines == ["a", "bc", "unfinished"])
    }
}
