import Foundation
import Testing
import TurnoutController
import TurnoutGenerators
import TurnoutRuntime
import TurnoutState
import TurnoutStrategies

/// The deploy loop with in-memory parts (processes, health, router): what it starts, routes, stops and records.
@Suite struct DeployControllerTests {
    struct Setup {
        let harness: ControllerHarness
        let runtime: MemoryInstanceRuntime
        let router: MemoryTrafficRouter
        let controller: DeployController

        init(healthyOnStart: Bool = true, verdict: AnalysisVerdict.Outcome = .pass) throws {
            harness = try ControllerHarness()
            let runtime = MemoryInstanceRuntime(healthyOnStart: healthyOnStart)
            self.runtime = runtime
            let router = MemoryTrafficRouter()
            self.router = router
            controller = DeployController(
                stateDirectory: harness.directory + "/state", reporter: CollectingProgressReporter(), analysis: StaticAnalysis(verdict: verdict),
                platform: { _, _ in MemoryPlatform(runtime: runtime, router: router) })
        }

        func deploy(_ label: String, strategy: String = "quick-rolling", environment: [String: String] = [:]) async throws -> DeployResult {
            try await controller.deploy(DeployOptions(
                manifestPath: harness.manifestPath, versionLabel: label, strategyDirectories: [ControllerHarness.strategies],
                strategyOverride: strategy,
                environmentOverrides: environment.isEmpty ? [:] : ["web": environment.map { .init(name: $0.key, value: $0.value) }]))
        }

        /// The endpoints taking live traffic in the last routing table.
        var routedPorts: Set<Endpoint> {
            Set((router.applied.last?.services["web"]?.endpoints ?? []).filter { $0.role == .active }.map(\.endpoint))
        }

        func ports(ofRevision revision: Int) -> Set<Endpoint> {
            Set(runtime.instances.values.filter { $0.record.revision == revision && $0.status == .running }.compactMap(\.record.endpoint))
        }
    }

    @Test(arguments: ["quick-rolling", "quick-canary", "quick-blue-green"])
    func aSecondRevisionReplacesTheFirst(strategy: String) async throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        #expect(try await setup.deploy("v1").succeeded)
        #expect(setup.routedPorts == setup.ports(ofRevision: 1) && setup.routedPorts.count == 3)
        #expect(try await setup.deploy("v2", strategy: strategy).succeeded)
        #expect(setup.routedPorts == setup.ports(ofRevision: 2) && setup.routedPorts.count == 3)
        #expect(setup.ports(ofRevision: 1).isEmpty)
        let started = setup.runtime.startedSpecs.filter { $0.revision == 2 }
        #expect(started.count == 3)
        #expect(started.allSatisfy { spec in spec.environment.contains { $0.name == "TURNOUT_VERSION" && $0.value == "v2" } })
        // Every table routed to some started instance, or to none at all before the first was healthy.
        for table in setup.router.applied {
            #expect(table.services["web"]?.endpoints.isEmpty != false || table.services["web"]?.endpoints.contains { $0.role == .active } == true)
        }
    }

    @Test func aFailingAnalysisRollsTheCanaryBackAndRecordsWhy() async throws {
        let setup = try Setup(verdict: .fail("error_rate of r2 is 5.00%, above the SLO of 0.1%"))
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        #expect(try await setup.deploy("v1").succeeded)
        let result = try await setup.deploy("v2", strategy: "quick-canary")
        #expect(result.outcome == "rolled_back")
        #expect(result.reason?.contains("error_rate of r2 is 5.00%") == true)
        #expect(setup.routedPorts == setup.ports(ofRevision: 1))
        #expect(setup.ports(ofRevision: 2).isEmpty)
        let store = try SQLiteStateStore(path: setup.harness.directory + "/state/state.db")
        let deploy = try #require(try store.deploys(limit: 1).first)
        #expect(deploy.outcome == .rolledBack)
        let steps = try store.steps(deployID: deploy.id)
        // Every action was recorded as intended before it was recorded as done.
        let intended = Set(steps.filter { $0.phase == .intended }.map(\.sequence))
        #expect(steps.filter { $0.phase == .done }.allSatisfy { intended.contains($0.sequence) })
        #expect(try store.instances().allSatisfy { $0.revision == 1 })
    }

    /// `turnout rollback` (the same rollout crash recovery uses): its step events say what happens in words,
    /// never an internal position such as `pending#0`.
    @Test func aRollbackSaysWhatItDoesInWords() async throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        #expect(try await setup.deploy("v1").succeeded)
        #expect(try await setup.deploy("v2", strategy: "quick-canary").succeeded)
        let result = try await setup.controller.rollback()
        #expect(result.succeeded && result.revision == 1)
        let events = try setup.controller.events(of: result.deployID)
        #expect(InternalLabels.leaks(in: events).isEmpty, "\(events.map(\.message))")
        #expect(events.filter { $0.kind == "step" }.map(\.message).first == "web: rollback started")
        for deploy in try setup.controller.history() {
            let messages = try setup.controller.events(of: deploy.id)
            #expect(InternalLabels.leaks(in: messages).isEmpty, "deploy \(deploy.id): \(messages.map(\.message))")
        }
    }

    @Test func eachCommandReportsItsTimeOutsideTheRolloutsAndItsCPU() async throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        #expect(try await setup.deploy("v1").succeeded)
        #expect(try await setup.deploy("v2").succeeded)
        let store = try SQLiteStateStore(path: setup.harness.directory + "/state/state.db")
        let deploy = try #require(try store.deploys(limit: 1).first)
        let events = try store.events(deployID: deploy.id)
        // One timing event per service (its rollout's buckets and turns), then the command's own.
        let rollout = try #require(events.first { $0.kind == "timing" && $0.values["loop.turns"] != nil })
        #expect(rollout.values["loop.turns"]! >= 1 && rollout.values["timing.total"]! > 0)
        let command = try #require(events.last { $0.kind == "timing" })
        #expect(command.message.hasPrefix("time outside the rollouts"), "\(command.message)")
        for phase in ["timing.prepare", "timing.session", "timing.finish"] { #expect(command.values[phase] != nil, "\(phase): \(command.values)") }
        #expect((command.values["cpu.seconds"] ?? 0) > 0)
    }

    @Test func aStopInterruptedByACrashOfTurnoutIsFinishedByTheNextCommand() async throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        #expect(try await setup.deploy("v1").succeeded)
        // As if Turnout had been killed mid-stop: the record says stopping, the process ended by itself.
        let store = try SQLiteStateStore(path: setup.harness.directory + "/state/state.db")
        let stored = try #require(try store.instances().first)
        var record = try JSONDecoder().decode(InstanceRecord.self, from: stored.payload)
        record.state = .stopping
        try store.saveInstance(StoredInstance(id: stored.id, service: stored.service, revision: stored.revision, payload: try JSONEncoder().encode(record)))
        setup.runtime.crash(stored.id, exitCode: 0)
        let status = try await setup.controller.status()
        #expect(status.services.first?.instances.first { $0.id == stored.id }?.state == "stopped", "\(status.text)")

        #expect(try await setup.deploy("v2").succeeded)
        #expect(setup.runtime.stoppedIDs.contains(stored.id))
        #expect(try store.instances().map(\.revision) == [2, 2, 2])
        let after = try await setup.controller.status()
        #expect(after.services.first?.instances.map(\.state) == ["healthy", "healthy", "healthy"], "\(after.text)")
    }

    @Test func anInvalidEnvOverrideOrRuntimeIsRefusedBeforeAnythingStarts() async throws {
        let setup = try Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        await #expect(throws: ControllerError.self) {
            _ = try await setup.controller.deploy(DeployOptions(
                manifestPath: setup.harness.manifestPath, strategyDirectories: [ControllerHarness.strategies],
                environmentOverrides: ["nope": [.init(name: "A", value: "1")]]))
        }
        #expect(setup.runtime.startedSpecs.isEmpty)
        #expect(setup.router.applied.isEmpty)
    }
}
