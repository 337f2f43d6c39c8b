import Foundation
import Glibc
import TurnoutManifest
@testable import TurnoutPlatforms
import TurnoutRuntime

/// One platform under the runtime contract: how to make a spec of the bundled API for it, how to break an
/// instance from outside (as a crash would), and what it says about labels.
struct ContractPlatform: Sendable {
    enum Kind: String, CaseIterable, CustomStringConvertible, Sendable {
        case memory, local, docker
        var description: String { rawValue }
    }

    let kind: Kind
    let layout: StateLayout
    let runtime: any InstanceRuntime
    let prober: any HealthProber
    let memory: MemoryInstanceRuntime?
    let urls: ContractAccessories.Running?

    static let readiness = HealthCheck(probe: .http(path: "/api/v1/ready", expectStatus: 200), timeout: .seconds(2))

    /// The platform, on a fresh state directory.
    static func make(_ kind: Kind) async throws -> ContractPlatform {
        let layout = kind == .docker ? ContractAccessories.shared.dockerLayout
            : StateLayout(root: "/tmp/turnout-contract-state-\(kind)-\(UUID().uuidString.prefix(8))")
        try layout.create()
        switch kind {
        case .memory:
            let memory = MemoryInstanceRuntime()
            return ContractPlatform(kind: kind, layout: layout, runtime: memory, prober: memory, memory: memory, urls: nil)
        case .local:
            let urls = try await ContractAccessories.shared.urls()
            let platform = LocalPlatform(layout: layout, ports: PortAllocator(range: 62_000...62_999))
            return ContractPlatform(kind: kind, layout: layout, runtime: platform.instances, prober: platform.health, memory: nil, urls: urls)
        case .docker:
            try await ContractImages.shared.ensureBuilt()
            let urls = try await ContractAccessories.shared.urls()
            let platform = DockerPlatform(layout: layout)
            return ContractPlatform(kind: kind, layout: layout, runtime: platform.instances, prober: platform.health, memory: nil, urls: urls)
        }
    }

    /// The same platform as a new process of Turnout would see it (nothing in memory carried over).
    func reopened() -> any InstanceRuntime {
        switch kind {
        case .memory: return memory!
        case .local: return LocalPlatform(layout: layout, ports: PortAllocator(range: 62_000...62_999)).instances
        case .docker: return DockerPlatform(layout: layout).instances
        }
    }

    /// A spec of the bundled API; `environment` adds its fault switches.
    func spec(ordinal: Int, environment: [String: String] = [:]) -> InstanceSpec {
        let host = kind == .docker ? urls?.gateway : nil
        var variables = [EnvironmentVariable(name: "TURNOUT_SEED_POSTS", value: "5")]
        if let urls {
            variables.append(.init(name: "TURNOUT_REDIS_URL", value: HostAccessories.url(urls.redisURL, reachedAt: host)))
            variables.append(.init(name: "TURNOUT_DATABASE_URL", value: HostAccessories.url(urls.postgresURL, reachedAt: host)))
        }
        variables += environment.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) }
        let command = ["turnout-api", "--port", "${PORT}"]
        let workload: InstanceSpec.Workload = kind == .docker
            ? .image(ContractImages.apiImage, command: command)
            : .command(argv: command, workingDirectory: layout.root)
        return InstanceSpec(app: ContractAccessories.app, service: "api", revision: 1, ordinal: ordinal, workload: workload, environment: variables,
                            port: 8000, stopTimeout: .seconds(10))
    }

    /// Makes the instance pass its probes (the in-memory platform only: real ones do by themselves).
    func becomeHealthy(_ record: InstanceRecord) { memory?.setHealthy(record.id) }

    /// Kills the instance from outside, as a crash would.
    func crash(_ record: InstanceRecord) async throws {
        switch kind {
        case .memory: memory!.crash(record.id, exitCode: 137)
        case .local: kill(ProcessHandle(record.handle)!.pid, SIGKILL)
        case .docker: try await DockerEngine().killContainer(ContainerHandle(record.handle)!.id)
        }
    }

    /// The labels the platform keeps with the instance; `nil` where it keeps none (plain processes).
    func labels(_ record: InstanceRecord) async throws -> [String: String]? {
        switch kind {
        case .memory: return record.handle.attributes
        case .local: return nil
        case .docker: return try await DockerEngine().inspectContainer(ContainerHandle(record.handle)!.id)?.Config.Labels
        }
    }

    /// Removes everything the platform left (containers of the scope, the state directory).
    func tearDown(_ records: [InstanceRecord]) async {
        for record in records { _ = try? await runtime.stop(record, timeout: .seconds(2)) }
        if kind != .docker { try? FileManager.default.removeItem(atPath: layout.root) }
    }
}
