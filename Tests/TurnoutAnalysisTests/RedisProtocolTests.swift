import Testing

@testable import TurnoutAnalysis

/// RESP replies, INFO text and redis:// URLs, without a server.
struct RedisProtocolTests {
    @Test("replies", arguments: [
        ("+OK\r\n", RESPReply.simple("OK"), 5),
        ("-ERR wrong\r\n", .error("ERR wrong"), 12),
        (":42\r\n", .integer(42), 5),
        ("$5\r\nhello\r\n", .bulk(Array("hello".utf8)), 11),
        ("$0\r\n\r\n", .bulk([]), 6),
        ("$-1\r\n", .bulk(nil), 5),
        ("*2\r\n:1\r\n$1\r\nx\r\n", .array([.integer(1), .bulk([120])]), 15),
        ("*-1\r\n", .array(nil), 5),
        (":7\r\n+extra", .integer(7), 4),
    ])
    func reply(_ text: String, _ expected: RESPReply, _ used: Int) throws {
        let parsed = try #require(try RESPReply.parse(Array(text.utf8)[...]))
        #expect(parsed.0 == expected)
        #expect(parsed.1 == used)
    }

    @Test("incomplete replies need more bytes", arguments: ["", "+OK", "$5\r\nhel", "*2\r\n:1\r\n", "$5\r\nhello\r"])
    func incomplete(_ text: String) throws {
        #expect(try RESPReply.parse(Array(text.utf8)[...]) == nil)
    }

    @Test("malformed replies", arguments: ["?\r\n", ":x\r\n", "$-2\r\n", "$3\r\nabcde\r\n", "*-5\r\n"])
    func malformed(_ text: String) {
        #expect(throws: RESPReply.Malformed.self) { try RESPReply.parse(Array(text.utf8)[...]) }
    }

    @Test func commandEncoding() {
        #expect(String(decoding: RESPReply.command(["LLEN", "turnout:queue:email:high"]), as: UTF8.self)
            == "*2\r\n$4\r\nLLEN\r\n$24\r\nturnout:queue:email:high\r\n")
    }

    @Test func infoFields() {
        let info = RedisInfo("# Stats\r\nkeyspace_hits:120\r\nkeyspace_misses:30\r\n\r\n# Memory\r\nused_memory:1048576\r\nmaxmemory:0\r\nrun_id:abc\r\nbroken line\r\n")
        #expect(info.keyspaceHits == 120)
        #expect(info.keyspaceMisses == 30)
        #expect(info.usedMemory == 1_048_576)
        #expect(info.maxMemory == 0)
        #expect(info.runID == "abc")
        #expect(info.fields["broken line"] == nil)
    }

    @Test("redis URLs", arguments: [
        ("redis://127.0.0.1:6380", RedisClient.Endpoint(host: "127.0.0.1", port: 6380)),
        ("redis://localhost", RedisClient.Endpoint(host: "localhost", port: 6379)),
        ("redis://:secret@127.0.0.1:7000/2", RedisClient.Endpoint(host: "127.0.0.1", port: 7000, password: "secret", database: 2)),
        ("redis://app:pw@127.0.0.1/0", RedisClient.Endpoint(host: "127.0.0.1", port: 6379, username: "app", password: "pw", database: 0)),
    ])
    func urls(_ text: String, _ endpoint: RedisClient.Endpoint) {
        #expect(RedisClient.Endpoint(url: text) == endpoint)
    }

    @Test("not redis URLs", arguments: ["http://127.0.0.1:6379", "redis://", "127.0.0.1:6379", "redis://h/db"])
    func notURLs(_ text: String) {
        #expect(RedisClient.Endpoint(url: text) == nil)
    }

    @Test func defaultQueueKeysFollowTheBundledWorker() {
        #expect(RedisInfoSource.defaultQueueKeys(["email"]) == ["email": ["turnout:queue:email:high", "turnout:queue:email:low"]])
    }
}
