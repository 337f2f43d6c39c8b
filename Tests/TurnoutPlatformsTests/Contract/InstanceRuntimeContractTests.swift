import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutPlatforms
import TurnoutRuntime

/// The runtime contract: the same cases against the in-memory, local and Docker platforms (the pattern of
/// StateStoreContractTests). Start, health at the record's endpoint, stop with drain, crash detection, adoption
/// by a new Turnout process, labels. The real platforms run the bundled API against real Redis and PostgreSQL.
@Suite(.serialized) struct InstanceRuntimeContractTests {
    static func waitUntil(_ timeout: Duration = .seconds(30), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    /// Starts `count` instances and waits until each passes readiness at its endpoint.
    static func startHealthy(_ platform: ContractPlatform, count: Int = 1, environment: [String: String] = [:]) async throws -> [InstanceRecord] {
        var records: [InstanceRecord] = []
        for ordinal in 1...count { records.append(try await platform.runtime.start(platform.spec(ordinal: ordinal, environment: environment))) }
        for record in records {
            platform.becomeHealthy(record)
            let healthy = await waitUntil { await platform.prober.probe(ContractPlatform.readiness, instance: record) == .passed }
            #expect(healthy, "\(platform.kind): \(record.id) never passed readiness at \(record.endpoint.map(\.description) ?? "no endpoint")")
        }
        return records
    }

    @Test(arguments: ContractPlatform.Kind.allCases)
    func startsServesAtItsEndpointAndStops(_ kind: ContractPlatform.Kind) async throws {
        let platform = try await ContractPlatform.make(kind)
        let records = try await Self.startHealthy(platform, count: 2)
        defer { Task { await platform.tearDown(records) } }
        #expect(records.map(\.id) == ["api-r1-1", "api-r1-2"])
        #expect(Set(records.compactMap(\.endpoint)).count == 2, "each instance has an endpoint of its own")
        #expect(await platform.runtime.statuses(records).values.allSatisfy { $0 == .running })
        for record in records {
            let result = try await platform.runtime.stop(record, timeout: .seconds(10))
            #expect([StopResult.exited(code: 0), .endedUnobserved, .signalled(signal: 15)].contains(result), "\(kind): \(result)")
        }
        #expect(await platform.runtime.statuses(records).values.allSatisfy { !$0.isRunning })
        #expect(try await platform.runtime.discover(app: ContractAccessories.app, known: []).isEmpty)
    }

    @Test(arguments: ContractPlatform.Kind.allCases)
    func aCrashIsSeen(_ kind: ContractPlatform.Kind) async throws {
        let platform = try await ContractPlatform.make(kind)
        let records = try await Self.startHealthy(platform)
        defer { Task { await platform.tearDown(records) } }
        try await platform.crash(records[0])
        #expect(await Self.waitUntil(.seconds(10)) { await !platform.runtime.status(records[0]).isRunning }, "\(kind): the crash was not seen")
        #expect(await platform.prober.probe(ContractPlatform.readiness, instance: records[0]) != .passed)
    }

    @Test(arguments: ContractPlatform.Kind.allCases)
    func aNewTurnoutAdoptsWhatRunsAndTheLabelsSayWhatItIs(_ kind: ContractPlatform.Kind) async throws {
        let platform = try await ContractPlatform.make(kind)
        let records = try await Self.startHealthy(platform)
        defer { Task { await platform.tearDown(records) } }
        let later = platform.reopened()
        // The stored record still reads as running, to a runtime that never started it.
        #expect(await later.status(records[0]) == .running)
        let found = try await later.discover(app: ContractAccessories.app, known: [])
        if let labels = try await platform.labels(records[0]) {
            // A platform that labels its instances lists them without the store, and only its app's.
            #expect(labels[InstanceLabels.app] == ContractAccessories.app && labels[InstanceLabels.service] == "api")
            #expect(labels[InstanceLabels.revision] == "1" && labels[InstanceLabels.instance] == "api-r1-1")
            #expect(found.map(\.id) == ["api-r1-1"] && found.first?.endpoint == records[0].endpoint)
            #expect(try await later.discover(app: ContractAccessories.app, known: records).isEmpty)
            #expect(try await later.discover(app: "another-app", known: []).isEmpty)
        } else {
            #expect(found.isEmpty, "\(kind) keeps no labels, so the store's records are its truth")
        }
    }

    @Test(arguments: [ContractPlatform.Kind.local, .docker])
    func aStopLetsTheRequestInFlightFinish(_ kind: ContractPlatform.Kind) async throws {
        let platform = try await ContractPlatform.make(kind)
        // Every request waits 2 s: one is in flight when the stop begins.
        let records = try await Self.startHealthy(platform, environment: ["TURNOUT_FAULT_LATENCY": "2s"])
        defer { Task { await platform.tearDown(records) } }
        let endpoint = try #require(records[0].endpoint)
        async let answer = HTTPFetch.get(host: endpoint.host, port: endpoint.port, path: "/api/v1/posts", timeout: .seconds(15))
        try await Task.sleep(for: .milliseconds(500))
        let result = try await platform.runtime.stop(records[0], timeout: .seconds(10))
        guard case .success(let response) = await answer else { Issue.record("\(kind): the request in flight failed: \(await answer)"); return }
        #expect(response.status == 200, "\(kind): \(response.status)")
        #expect(result != .killedAfterTimeout, "\(kind): the instance had to be killed")
    }
}
