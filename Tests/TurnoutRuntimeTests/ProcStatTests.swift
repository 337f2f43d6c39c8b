import Foundation
import Testing

@testable import TurnoutRuntime

@Suite struct ProcStatTests {
    @Test func parsesFieldsAfterACommandNameWithSpacesAndParentheses() {
        let text = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 10000 200"
        let stat = ProcStat.parse(text)
        #expect(stat == ProcStat(state: "S", parentPID: 1, processGroup: 4242, session: 4242, startTime: 987654))
    }

    @Test func readsOwnProcessAndRejectsGarbage() throws {
        let own = try #require(ProcStat.read(pid: getpid()))
        #expect(own.startTime > 0)
        #expect(own.session == getsid(0))
        #expect(ProcStat.parse("no parenthesis here") == nil)
        #expect(ProcStat.read(pid: -1) == nil)
    }
}
