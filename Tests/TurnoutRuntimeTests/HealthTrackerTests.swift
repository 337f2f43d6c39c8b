import Foundation
import Testing
import TurnoutManifest

@testable import TurnoutRuntime

/// Threshold and start-period tables for the pure tracker.
@Suite struct HealthTrackerTests {
    typealias State = HealthTracker.State

    /// One row: probe outcomes (`P` pass, `F` fail, `C` crash) at whole seconds after start, and the state
    /// expected after each.
    struct Row: Sendable, CustomStringConvertible {
        var name: String
        var healthy: Int
        var unhealthy: Int
        var startPeriod: Int64
        var events: [(second: Int, outcome: Character)]
        var expected: [State]
        var description: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "two passes make healthy", healthy: 2, unhealthy: 3, startPeriod: 0,
            events: [(1, "P"), (2, "P"), (3, "P")], expected: [.starting, .healthy, .healthy]),
        Row(
            name: "failures inside the start period do not count", healthy: 1, unhealthy: 2, startPeriod: 10,
            events: [(1, "F"), (2, "F"), (3, "F"), (11, "F"), (12, "F")],
            expected: [.starting, .starting, .starting, .starting, .unhealthy]),
        Row(
            name: "a pass resets the failure count", healthy: 2, unhealthy: 3, startPeriod: 0,
            events: [(1, "P"), (2, "P"), (3, "F"), (4, "F"), (5, "P"), (6, "F"), (7, "F"), (8, "F")],
            expected: [.starting, .healthy, .healthy, .healthy, .healthy, .healthy, .healthy, .unhealthy]),
        Row(
            name: "start period ends once healthy", healthy: 1, unhealthy: 1, startPeriod: 60,
            events: [(1, "P"), (2, "F")], expected: [.healthy, .unhealthy]),
        Row(
            name: "recovery needs the healthy threshold again", healthy: 3, unhealthy: 1, startPeriod: 0,
            events: [(1, "F"), (2, "P"), (3, "P"), (4, "P")], expected: [.unhealthy, .unhealthy, .unhealthy, .healthy]),
        Row(
            name: "a crash is unhealthy at once, even in the start period, and stays so", healthy: 1, unhealthy: 5,
            startPeriod: 60, events: [(1, "C"), (2, "P"), (3, "P")], expected: [.unhealthy, .unhealthy, .unhealthy]),
        Row(
            name: "thresholds below one count as one", healthy: 0, unhealthy: 0, startPeriod: 0,
            events: [(1, "P"), (2, "F")], expected: [.healthy, .unhealthy]),
    ]

    @Test(arguments: rows)
    func thresholdTable(row: Row) {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var tracker = HealthTracker(
            healthyThreshold: row.healthy, unhealthyThreshold: row.unhealthy, startPeriod: .seconds(row.startPeriod))
        tracker.started("api-r1-1", at: start)
        var states: [State] = []
        for event in row.events {
            let date = start.addingTimeInterval(TimeInterval(event.second))
            switch event.outcome {
            case "P": states.append(tracker.record(.passed, for: "api-r1-1", at: date))
            case "F": states.append(tracker.record(.failed(reason: "HTTP 503"), for: "api-r1-1", at: date))
            default: states.append(tracker.recordCrash(of: "api-r1-1", status: .exited(code: 1), at: date))
            }
        }
        #expect(states == row.expected)
    }

    @Test func tracksInstancesSeparatelyAndCountsThem() {
        let start = Date(timeIntervalSince1970: 0)
        var tracker = HealthTracker(
            check: HealthCheck(probe: .tcp, healthyThreshold: 1, unhealthyThreshold: 1, startPeriod: .zero))
        tracker.record(.passed, for: "a", at: start)
        tracker.record(.failed(reason: "connection refused"), for: "b", at: start)
        tracker.started("c", at: start)
        #expect(tracker.state(of: "a") == .healthy)
        #expect(tracker.state(of: "b") == .unhealthy)
        #expect(tracker.instances["b"]?.lastFailure == "connection refused")
        #expect(tracker.count(.starting) == 1)
        tracker.recordCrash(of: "a", status: .signalled(signal: 11), at: start)
        #expect(tracker.instances["a"]?.lastFailure == "process signalled(11)")
        #expect(tracker.count(.unhealthy) == 2)
        tracker.forget("a")
        #expect(tracker.state(of: "a") == nil)
    }
}
