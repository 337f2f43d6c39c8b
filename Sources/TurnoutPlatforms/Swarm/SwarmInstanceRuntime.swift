import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Swarm platform's instances: one Swarm service of one replica per instance, so that Turnout, not Swarm,
/// chooses which instance leaves the traffic and stops first (scaling down a shared service would let Swarm
/// pick a task that still takes traffic), while Swarm keeps its placement, restarts and node failover.
///
/// Each service runs the revision's pinned image ID with `--init`, its ports published in `host` mode on an
/// ephemeral node port each (the routing mesh and VIPs need IPVS, which this kernel lacks, and are a known
/// source of dropped requests during updates), `dnsrr` endpoints, the app's overlay network, and the
/// manifest's placement. An instance's endpoint is its task's node address and published port; when Swarm
/// reschedules the task (its node was lost), `relocations` reports the new endpoint and the fleet health-checks
/// it again before routing to it.
public final class SwarmInstanceRuntime: InstanceRuntime, @unchecked Sendable {
    /// The manager's engine.
    public let manager: DockerEngine
    /// The swarm settings (network, placement).
    public let settings: SwarmSettings
    /// The state directory (its path scopes every service).
    public let layout: StateLayout
    private let lock = NSLock()
    private var cached: (at: ContinuousClock.Instant, tasks: [DockerEngine.SwarmTask], nodes: [String: DockerEngine.SwarmNode])?
    private var networkReady: Set<String> = []

    /// Creates the runtime.
    public init(manager: DockerEngine, settings: SwarmSettings, layout: StateLayout) {
        self.manager = manager
        self.settings = settings
        self.layout = layout
    }

    /// The overlay network of `app`.
    func networkName(_ app: String) -> String { settings.network ?? "turnout-\(app)" }

    /// Creates the app's overlay network when the swarm lacks it.
    func ensureNetwork(_ app: String, labels: [String: String]) async throws {
        let name = networkName(app)
        if lock.withLock({ networkReady.contains(name) }) { return }
        if try await manager.inspectNetwork(name) == nil {
            let body = try JSONSerialization.data(withJSONObject: ["Name": name, "Driver": "overlay", "Attachable": true, "CheckDuplicate": true, "Labels": labels])
            _ = try await manager.call("POST", "/networks/create", json: body, expected: [201, 409])
        }
        lock.withLock { _ = networkReady.insert(name) }
    }

    public func start(_ spec: InstanceSpec) async throws -> InstanceRecord {
        guard case .image(let image, let command) = spec.workload else {
            throw RuntimeError(.setupFailed, "\(spec.instanceID): the swarm runtime runs images, and \(spec.service) has only a command",
                               hint: "give the service an `image` (built with `turnout build`), or set `runtime: local`")
        }
        let scope = DockerScope(app: spec.app, layout: layout)
        try await ensureNetwork(spec.app, labels: scope.labels)
        let name = scope.containerName(spec.instanceID)
        if let stale = try await manager.inspectService(name) {
            guard stale.labels[DockerScope.label] == scope.hash, stale.labels[InstanceLabels.instance] == spec.instanceID else {
                throw RuntimeError(.setupFailed, "a Swarm service named \(name) exists and was not started by this state directory", hint: "remove or rename it")
            }
            try await manager.removeService(name)
        }
        let ports = ([spec.port].compactMap { $0 } + spec.extraPorts).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        let id = try await manager.createService(SwarmServiceSpec.make(spec, name: name, image: image, command: command, ports: ports,
                                                                     labels: spec.labels.merging(scope.labels) { $1 }, network: networkName(spec.app),
                                                                     settings: settings))
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let (tasks, nodes) = try await listing(fresh: true)
            if let task = tasks.filter({ $0.serviceID == id && $0.state == "running" }).max(by: { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }),
               ports.allSatisfy({ task.ports[$0] != nil }), let node = task.nodeID.flatMap({ nodes[$0] }) {
                return Self.record(spec: spec, service: id, name: name, task: task, node: node, ports: ports)
            }
            if let failed = tasks.first(where: { $0.serviceID == id && ["failed", "rejected"].contains($0.state) }), ContinuousClock.now > deadline - .seconds(90) {
                try? await manager.removeService(id)
                throw RuntimeError(.spawnFailed, "\(spec.instanceID) did not start on the swarm: its task \(failed.state): \(failed.message)")
            }
            guard ContinuousClock.now < deadline else {
                try? await manager.removeService(id)
                throw RuntimeError(.spawnFailed, "\(spec.instanceID) had no running task on the swarm within 120 s")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    static func record(spec: InstanceSpec, service: String, name: String, task: DockerEngine.SwarmTask, node: DockerEngine.SwarmNode,
                       ports: [Int]) -> InstanceRecord {
        let handle = TaskHandle(serviceID: service, serviceName: name, taskID: task.id, nodeID: node.id, startedAt: task.createdAt ?? Date())
        var published: [Int: Endpoint] = [:]
        for port in ports where port != spec.port { published[port] = task.ports[port].map { Endpoint(host: node.address, port: $0) } }
        return InstanceRecord(id: spec.instanceID, service: spec.service, revision: spec.revision, ordinal: spec.ordinal,
                              endpoint: spec.port.flatMap { task.ports[$0] }.map { Endpoint(host: node.address, port: $0) }, handle: handle.handle,
                              startedAt: task.createdAt ?? Date(), publishedPorts: published)
    }

    /// Scales the instance's service to no task (SIGTERM, then SIGKILL after its stop grace period), waits for
    /// the task to end, then removes the service.
    public func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult {
        guard let handle = TaskHandle(record.handle), let service = try await manager.inspectService(handle.serviceID) else { return .alreadyGone }
        var spec = service.spec
        spec["Mode"] = ["Replicated": ["Replicas": 0]]
        try await manager.updateService(handle.serviceID, version: service.version, spec: spec)
        let deadline = ContinuousClock.now + timeout.duration + .seconds(15)
        var last: DockerEngine.SwarmTask?
        while ContinuousClock.now < deadline {
            let tasks = try await manager.tasks(services: [handle.serviceID])
            last = tasks.first { $0.id == handle.taskID } ?? last
            if !tasks.contains(where: { ["running", "starting", "preparing", "assigned", "pending", "new"].contains($0.state) }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await manager.removeService(handle.serviceID)
        invalidate()
        guard let last else { return .endedUnobserved }
        if let code = last.exitCode { return code == 137 ? .killedAfterTimeout : .exited(code: code) }
        return .endedUnobserved
    }

    public func statuses(_ records: [InstanceRecord]) async -> [String: InstanceStatus] {
        guard !records.isEmpty else { return [:] }
        guard let (tasks, _) = try? await listing() else {
            // The manager does not answer: nothing can be said to have crashed; probes decide.
            return Dictionary(records.map { ($0.id, .running) }, uniquingKeysWith: { $1 })
        }
        var statuses: [String: InstanceStatus] = [:]
        for record in records {
            guard let handle = TaskHandle(record.handle) else { statuses[record.id] = .gone; continue }
            let mine = tasks.filter { $0.serviceID == handle.serviceID }
            if mine.contains(where: { $0.desiredState == "running" }) {
                // Its task runs, or Swarm is bringing one back (see `relocations`).
                statuses[record.id] = .running
            } else if let task = mine.first(where: { $0.id == handle.taskID }) {
                statuses[record.id] = .exited(code: task.exitCode ?? -1)
            } else {
                statuses[record.id] = .gone
            }
        }
        return statuses
    }

    public func relocations(_ records: [InstanceRecord]) async -> [String: InstanceRecord] {
        guard !records.isEmpty, let (tasks, nodes) = try? await listing() else { return [:] }
        var moved: [String: InstanceRecord] = [:]
        for record in records {
            guard let handle = TaskHandle(record.handle) else { continue }
            let current = tasks.filter { $0.serviceID == handle.serviceID && $0.desiredState == "running" }
                .max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
            guard let current, current.id != handle.taskID else { continue }
            var updated = record
            let node = current.nodeID.flatMap { nodes[$0] }
            updated.handle = TaskHandle(serviceID: handle.serviceID, serviceName: handle.serviceName, taskID: current.id, nodeID: node?.id ?? "",
                                        startedAt: current.createdAt ?? Date()).handle
            if current.state == "running", let node {
                let servicePort = record.endpoint.flatMap { endpoint in current.ports.first { $0.value == endpoint.port }?.key }
                    ?? current.ports.keys.min()
                updated.endpoint = servicePort.flatMap { current.ports[$0] }.map { Endpoint(host: node.address, port: $0) }
                updated.publishedPorts = Dictionary(record.publishedPorts.keys.compactMap { port in current.ports[port].map { (port, Endpoint(host: node.address, port: $0)) } },
                                                    uniquingKeysWith: { $1 })
            } else {
                updated.endpoint = nil
            }
            moved[record.id] = updated
        }
        return moved
    }

    public func discover(app: String, known: [InstanceRecord]) async throws -> [InstanceRecord] {
        let scope = DockerScope(app: app, layout: layout)
        let knownServices = Set(known.compactMap { TaskHandle($0.handle)?.serviceID })
        let (tasks, nodes) = try await listing(fresh: true)
        var found: [InstanceRecord] = []
        for service in try await manager.listServices(labels: scope.labels) where !knownServices.contains(service.id) {
            guard let serviceName = service.labels[InstanceLabels.service], let revision = service.labels[InstanceLabels.revision].flatMap(Int.init),
                  let instance = service.labels[InstanceLabels.instance], let ordinal = instance.split(separator: "-").last.flatMap({ Int($0) }),
                  let task = tasks.first(where: { $0.serviceID == service.id && $0.state == "running" }), let node = task.nodeID.flatMap({ nodes[$0] })
            else { continue }
            let ports = task.ports.keys.sorted()
            let port = service.labels["io.turnout.port"].flatMap(Int.init) ?? ports.first
            let spec = InstanceSpec(app: app, service: serviceName, revision: revision, ordinal: ordinal, workload: .image("", command: []), port: port,
                                    extraPorts: ports.filter { $0 != port })
            found.append(Self.record(spec: spec, service: service.id, name: service.name, task: task, node: node, ports: ports))
        }
        return found
    }

    /// The swarm's tasks and nodes, read at most every 250 ms (a rollout's loop asks for statuses and
    /// relocations on every turn).
    func listing(fresh: Bool = false) async throws -> ([DockerEngine.SwarmTask], [String: DockerEngine.SwarmNode]) {
        if !fresh, let cached = lock.withLock({ cached }), ContinuousClock.now - cached.at < .milliseconds(250) { return (cached.tasks, cached.nodes) }
        async let tasks = manager.tasks()
        async let nodes = manager.nodes()
        let listing = (try await tasks, Dictionary(try await nodes.map { ($0.id, $0) }, uniquingKeysWith: { $1 }))
        lock.withLock { cached = (ContinuousClock.now, listing.0, listing.1) }
        return listing
    }

    private func invalidate() { lock.withLock { cached = nil } }
}
