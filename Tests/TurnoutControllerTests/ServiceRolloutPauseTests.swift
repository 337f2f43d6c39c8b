import Testing
@testable import TurnoutController
import TurnoutStrategies

/// How long the deploy loop sleeps after each decision: the poll, the decision's deadline when sooner, no sleep
/// after a decision that acted without asking to wait, and never a spin.
@Suite struct ServiceRolloutPauseTests {
    static let poll: Duration = .milliseconds(100)

    static func decision(_ actions: [Action]) -> Decision {
        Decision(actions: actions, progress: RolloutProgress(), status: "")
    }

    static func pause(_ actions: [Action], elapsed: Duration = .seconds(10), eager: Int = 0) -> (Duration?, Int) {
        var eager = eager
        let pause = ServiceRollout.pause(after: decision(actions), elapsed: elapsed, poll: poll, eager: &eager)
        return (pause, eager)
    }

    @Test("observe again sleeps one poll") func observeAgain() {
        #expect(Self.pause([.setWeights([]), .observeAgain]).0 == Self.poll)
    }

    @Test("a deadline sooner than the poll is slept to exactly") func soonerDeadline() {
        #expect(Self.pause([.waitUntil(.milliseconds(10_030))]).0 == .milliseconds(30))
    }

    @Test("a deadline later than the poll sleeps one poll") func laterDeadline() {
        #expect(Self.pause([.waitUntil(.seconds(20))]).0 == Self.poll)
    }

    @Test("a deadline already passed sleeps the minimum, not zero") func passedDeadline() {
        #expect(Self.pause([.waitUntil(.seconds(3))]).0 == ServiceRollout.minimumPause)
    }

    @Test("a decision that acted without waiting is followed at once") func actedWithoutWait() {
        let (pause, eager) = Self.pause([.markStepComplete("step 1 done")])
        #expect(pause == nil)
        #expect(eager == 1)
    }

    @Test("waiting for an operator or doing nothing polls") func idle() {
        #expect(Self.pause([.pauseForOperator(reason: "gate")]).0 == Self.poll)
        #expect(Self.pause([]).0 == Self.poll)
    }

    @Test("after the eager limit the loop polls anyway and the count restarts") func eagerLimit() {
        let (pause, eager) = Self.pause([.markStepComplete("again")], eager: ServiceRollout.eagerLimit)
        #expect(pause == Self.poll)
        #expect(eager == 0)
    }

    @Test("a decision that waits resets the eager count") func waitResets() {
        #expect(Self.pause([.observeAgain], eager: 7).1 == 0)
    }
}
