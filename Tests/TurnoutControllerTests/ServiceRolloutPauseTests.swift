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

    @Test("inside a strategy's wait, a longer deadline poll spaces the turns but still ends on the deadline")
    func deadlinePoll() {
        var eager = 0
        let later = ServiceRollout.pause(after: Self.decision([.waitUntil(.seconds(20))]), elapsed: .seconds(10), poll: Self.poll,
                                         deadlinePoll: .seconds(1), eager: &eager)
        #expect(later == .seconds(1))
        let sooner = ServiceRollout.pause(after: Self.decision([.waitUntil(.milliseconds(10_400))]), elapsed: .seconds(10), poll: Self.poll,
                                          deadlinePoll: .seconds(1), eager: &eager)
        #expect(sooner == .milliseconds(400))
        // Observing again (something in progress) keeps the short poll.
        let observing = ServiceRollout.pause(after: Self.decision([.observeAgain, .waitUntil(.seconds(20))]), elapsed: .seconds(10),
                                             poll: Self.poll, deadlinePoll: .seconds(1), eager: &eager)
        #expect(observing == Self.poll)
    }

    @Test("the deadline poll never outlasts the health check's interval, nor undercuts the poll")
    func deadlinePollFollowsTheHealthCheck() {
        #expect(ServiceRollout.deadlinePoll(healthInterval: .seconds(2), poll: Self.poll, limit: .seconds(1)) == .seconds(1))
        #expect(ServiceRollout.deadlinePoll(healthInterval: .milliseconds(300), poll: Self.poll, limit: .seconds(1)) == .milliseconds(300))
        #expect(ServiceRollout.deadlinePoll(healthInterval: .milliseconds(50), poll: Self.poll, limit: .seconds(1)) == Self.poll)
        #expect(ServiceRollout.deadlinePoll(healthInterval: nil, poll: Self.poll, limit: .seconds(1)) == .seconds(1))
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

    @Test("only deadlines and operator gates count as the strategy's waits; looking again is Turnout's own time")
    func waitsByChoice() {
        #expect(ServiceRollout.waitsByChoice(Self.decision([.waitUntil(.seconds(3))])))
        #expect(ServiceRollout.waitsByChoice(Self.decision([.pauseForOperator(reason: "gate"), .observeAgain])))
        #expect(!ServiceRollout.waitsByChoice(Self.decision([.setWeights([]), .observeAgain])))
    }
}
