import Foundation
import Testing
@testable import TurnoutController

/// The latch that wakes a waiting rollout when a probe changes an instance: a pending signal is taken at once,
/// signals do not pile up, and a cancelled wait leaves the latch working (an `AsyncStream` finishes instead,
/// which made the deploy loop spin).
@Suite struct ChangeSignalTests {
    /// Whether `wait()` returns within `limit` (the waiting task is cancelled otherwise).
    static func returns(_ signal: ChangeSignal, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await signal.wait(); return !Task.isCancelled }
            group.addTask { try? await Task.sleep(for: limit); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("a signal given before the wait is taken at once") func pendingSignal() async {
        let signal = ChangeSignal()
        signal.signal()
        #expect(await Self.returns(signal, within: .seconds(5)))
    }

    @Test("a wait without a signal does not return") func noSignal() async {
        #expect(await !Self.returns(ChangeSignal(), within: .milliseconds(50)))
    }

    @Test("many signals before a wait count as one") func signalsDoNotPileUp() async {
        let signal = ChangeSignal()
        signal.signal()
        signal.signal()
        #expect(await Self.returns(signal, within: .seconds(5)))
        #expect(await !Self.returns(signal, within: .milliseconds(50)))
    }

    @Test("a signal wakes a waiter that is already waiting") func wakesWaiter() async {
        let signal = ChangeSignal()
        let waiter = Task { await signal.wait() }
        try? await Task.sleep(for: .milliseconds(20))
        signal.signal()
        await waiter.value
        #expect(await !Self.returns(signal, within: .milliseconds(50)))
    }

    @Test("after a cancelled wait the latch still waits and wakes") func usableAfterCancel() async {
        let signal = ChangeSignal()
        for _ in 0..<3 { #expect(await !Self.returns(signal, within: .milliseconds(20))) }
        signal.signal()
        #expect(await Self.returns(signal, within: .seconds(5)))
    }
}
