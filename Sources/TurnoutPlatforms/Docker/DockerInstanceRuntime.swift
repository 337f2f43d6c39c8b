import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Docker platform's instances: one container per instance, from the revision's pinned image ID, labelled
/// with app, service, revision, instance and the state directory's scope, on the app's bridge network, with
/// its ports published on an ephemeral loopback port each (read back from the engine), `--init` as PID 1 (so
/// SIGTERM reaches the server and `docker stop` does not wait out its grace period), and its CPU and memory
/// limits. The engine is the truth: statuses come from one listing by label, and adoption after a crash of
/// Turnout lists the containers of its scope.
public final class DockerInstanceRuntime: InstanceRuntime, @unchecked Sendable {
    /// The engine.
    public let engine: DockerEngine
    /// The state directory (its path scopes every container).
    public let layout: StateLayout
    private let lock = NSLock()
    private var networks: [String: DockerEngine.Network] = [:]

    /// Creates the runtime.
    public init(engine: DockerEngine, layout: StateLayout) {
        self.engine = engine
        self.layout = layout
    }

    /// The app's bridge network, created when missing.
    public func network(for app: String) async throws -> DockerEngine.Network {
        let scope = DockerScope(app: app, layout: layout)
        if let known = lock.withLock({ networks[scope.network] }) { return known }
        let network = try await engine.ensureNetwork(scope.network, labels: scope.labels)
        lock.withLock { networks[scope.network] = network }
        return network
    }

    public func start(_ spec: InstanceSpec) async throws -> InstanceRecord {
        guard case .image(let image, let command) = spec.workload else {
            throw RuntimeError(.setupFailed, "\(spec.instanceID): the docker runtime runs images, and \(spec.service) has only a command",
                               hint: "give the service an `image` (built with `turnout build`), or set `runtime: local`")
        }
        let scope = DockerScope(app: spec.app, layout: layout)
        let network = try await network(for: spec.app)
        let ports = ([spec.port].compactMap { $0 } + spec.extraPorts).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        var environment = spec.environment.filter { !Self.hostOnlyVariables.contains($0.name) }.map { "\($0.name)=\($0.value)" }
        if let port = spec.port { environment.append("PORT=\(port)") }
        let config = DockerEngine.ContainerConfig(
            Image: image, Entrypoint: command.isEmpty ? nil : InstanceSpec.substitutingPort(in: command, port: spec.port ?? 0),
            Cmd: command.isEmpty ? nil : [], Env: environment, Labels: spec.labels.merging(scope.labels) { $1 },
            ExposedPorts: Dictionary(ports.map { ("\($0)/tcp", .init()) }, uniquingKeysWith: { $1 }),
            StopTimeout: Int(spec.stopTimeout.seconds.rounded(.up)),
            HostConfig: .init(
                PortBindings: Dictionary(ports.map { ("\($0)/tcp", [.init(HostIp: "127.0.0.1", HostPort: "")]) }, uniquingKeysWith: { $1 }),
                NetworkMode: network.name, Init: true, NanoCpus: spec.cpuLimit.map { Int64($0 * 1e9) }, Memory: spec.memoryLimit,
                RestartPolicy: ["Name": "no"], LogConfig: ["Type": "json-file"]))
        let name = scope.containerName(spec.instanceID)
        let id: String
        do {
            id = try await engine.createContainer(name: name, config)
        } catch let failure as DockerEngine.Failure where failure.status == 409 {
            // A container of this name from an earlier start that was never recorded: ours (same scope and
            // instance labels) is removed and made again; anything else is left alone.
            guard let stale = try await engine.inspectContainer(name), stale.Config.Labels?[DockerScope.label] == scope.hash,
                  stale.Config.Labels?[InstanceLabels.instance] == spec.instanceID else {
                throw RuntimeError(.setupFailed, "a container named \(name) exists and was not started by this state directory", hint: "remove or rename it")
            }
            try await engine.removeContainer(stale.Id)
            id = try await engine.createContainer(name: name, config)
        }
        do {
            try await engine.startContainer(id)
            let inspection = try await published(id, ports: ports)
            return Self.record(spec: spec, inspection: inspection, ports: ports)
        } catch {
            try? await engine.removeContainer(id)
            throw error
        }
    }

    /// Inspects `id` until the engine reports every port's binding (it fills them in once the container runs).
    private func published(_ id: String, ports: [Int]) async throws -> DockerEngine.ContainerInspection {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            guard let inspection = try await engine.inspectContainer(id) else {
                throw RuntimeError(.spawnFailed, "container \(id.prefix(12)) vanished right after it started")
            }
            if ports.allSatisfy({ inspection.published($0) != nil }) || !inspection.State.Running || ContinuousClock.now > deadline {
                return inspection
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func record(spec: InstanceSpec, inspection: DockerEngine.ContainerInspection, ports: [Int]) -> InstanceRecord {
        let started = DockerDate.parse(inspection.State.StartedAt) ?? Date()
        let handle = ContainerHandle(id: inspection.Id, name: String(inspection.Name.drop { $0 == "/" }), startedAt: started)
        var published: [Int: Endpoint] = [:]
        for port in ports where port != spec.port { published[port] = inspection.published(port) }
        return InstanceRecord(id: spec.instanceID, service: spec.service, revision: spec.revision, ordinal: spec.ordinal,
                              endpoint: spec.port.flatMap { inspection.published($0) }, handle: handle.handle, startedAt: started,
                              publishedPorts: published)
    }

    public func stop(_ record: InstanceRecord, timeout: TimeSpan) async throws -> StopResult {
        guard let handle = ContainerHandle(record.handle), let before = try await engine.inspectContainer(handle.id) else { return .alreadyGone }
        guard before.State.Running else {
            try await engine.removeContainer(handle.id)
            return .alreadyGone
        }
        let clock = ContinuousClock()
        let began = clock.now
        try await engine.stopContainer(handle.id, timeout: timeout)
        let after = try await engine.inspectContainer(handle.id)
        try await engine.removeContainer(handle.id)
        guard let state = after?.State else { return .endedUnobserved }
        if state.ExitCode == 137, clock.now - began >= timeout.duration { return .killedAfterTimeout }
        return .exited(code: state.ExitCode)
    }

    public func statuses(_ records: [InstanceRecord]) async -> [String: InstanceStatus] {
        guard !records.isEmpty else { return [:] }
        let listed: [DockerEngine.ContainerSummary]
        do {
            listed = try await engine.listContainers(labels: [DockerScope.label: DockerScope(app: "", layout: layout).hash])
        } catch {
            // The engine does not answer: nothing can be said to have crashed; every instance keeps running
            // as far as Turnout knows, and its probes decide.
            return Dictionary(records.map { ($0.id, .running) }, uniquingKeysWith: { $1 })
        }
        let byID = Dictionary(listed.map { ($0.Id, $0) }, uniquingKeysWith: { $1 })
        var statuses: [String: InstanceStatus] = [:]
        for record in records {
            guard let handle = ContainerHandle(record.handle), let container = byID[handle.id] else {
                statuses[record.id] = .gone
                continue
            }
            switch container.State {
            case "running", "restarting", "paused": statuses[record.id] = .running
            case "exited", "dead": statuses[record.id] = .exited(code: container.exitCode ?? -1)
            default: statuses[record.id] = .gone
            }
        }
        return statuses
    }

    public func discover(app: String, known: [InstanceRecord]) async throws -> [InstanceRecord] {
        let scope = DockerScope(app: app, layout: layout)
        let knownIDs = Set(known.compactMap { ContainerHandle($0.handle)?.id })
        var found: [InstanceRecord] = []
        for container in try await engine.listContainers(labels: scope.labels) where container.State == "running" && !knownIDs.contains(container.Id) {
            guard let labels = container.Labels, let service = labels[InstanceLabels.service], let revision = labels[InstanceLabels.revision].flatMap(Int.init),
                  let instance = labels[InstanceLabels.instance], let ordinal = instance.split(separator: "-").last.flatMap({ Int($0) }),
                  let inspection = try await engine.inspectContainer(container.Id) else { continue }
            let ports = (inspection.NetworkSettings.Ports ?? [:]).keys.compactMap { Int($0.split(separator: "/").first ?? "") }.sorted()
            let port = ports.first
            let spec = InstanceSpec(app: app, service: service, revision: revision, ordinal: ordinal, workload: .image(inspection.Config.Image, command: []),
                                    port: port, extraPorts: Array(ports.dropFirst()))
            found.append(Self.record(spec: spec, inspection: inspection, ports: ports))
        }
        return found
    }

    /// Variables of Turnout's own environment that mean nothing inside an image.
    static let hostOnlyVariables: Set<String> = ["PATH", "HOME"]
}
