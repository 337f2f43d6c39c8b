import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutPlatforms
import TurnoutRuntime

/// Redis and PostgreSQL for the runtime contract's instances of the bundled API, started once per test process
/// on ports of their own and listening also on the contract app's Docker network gateway, so that processes
/// and containers both reach them. Stopped when the process ends (`atexit`) or by `stop()`.
actor ContractAccessories {
    static let shared = ContractAccessories()
    static let app = "contract"

    struct Running: Sendable {
        var redisURL: String
        var postgresURL: String
        var gateway: String
    }

    private var running: Running?
    private var records: [AccessoryRecord] = []
    let directory = "/tmp/turnout-contract-\(getpid())"

    /// The state directory the Docker contract's containers are scoped to: its network's gateway is where the
    /// accessories listen for them.
    nonisolated var dockerLayout: StateLayout { StateLayout(root: directory + "/docker-state") }

    /// The accessories, started on first use.
    func urls() async throws -> Running {
        if let running { return running }
        let network = try await DockerInstanceRuntime(engine: DockerEngine(), layout: dockerLayout).network(for: Self.app)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var manager = AccessoryManager(stateDirectory: directory, application: Self.app)
        manager.extraListen = (network.gateway, network.subnet)
        let ports = try PortAllocator(range: 61_000...61_999).allocate(count: 2)
        let redis = Accessory(name: "redis", kind: .redis, managed: true, url: "redis://127.0.0.1:\(ports[0])/0", port: ports[0], image: "redis",
                              environmentName: "TURNOUT_REDIS_URL")
        let postgres = Accessory(name: "postgres", kind: .postgres, managed: true, url: "postgres://contract@127.0.0.1:\(ports[1])/contract",
                                 port: ports[1], image: "postgres", environmentName: "TURNOUT_DATABASE_URL", database: "contract", user: "contract")
        records.append(try await manager.ensureRunning(redis))
        records.append(try await manager.ensureRunning(postgres))
        let started = Running(redisURL: redis.url, postgresURL: postgres.url, gateway: network.gateway)
        running = started
        let directory = self.directory
        let all = records
        let networkName = network.name
        Self.cleanup = {
            let stopper = AccessoryManager(stateDirectory: directory)
            let done = DispatchSemaphore(value: 0)
            Task {
                for record in all { _ = try? await stopper.stop(record, timeout: .seconds(10)) }
                try? await DockerEngine().removeNetwork(networkName)
                done.signal()
            }
            done.wait()
            try? FileManager.default.removeItem(atPath: directory)
        }
        atexit { ContractAccessories.cleanup?() }
        return started
    }

    nonisolated(unsafe) static var cleanup: (() -> Void)?
}
