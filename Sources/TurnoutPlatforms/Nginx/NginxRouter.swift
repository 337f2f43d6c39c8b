import Foundation
import TurnoutGenerators
import TurnoutManifest
import TurnoutRuntime

/// The traffic router of the platforms whose instances have endpoints this host reaches (local processes,
/// published container ports, task addresses): two nginx masters under the state directory.
///
/// - The **edge** (`STATE/nginx-edge`) listens where the manifest's load balancer listens and forwards every
///   request over keep-alive connections to the router's private loopback port. It is reloaded only when the load
///   balancer's own settings change, so moving traffic never closes a client's keep-alive connection.
/// - The **router** (`STATE/nginx`) holds the upstreams and the JSON access log the analysis reads; every
///   traffic change rewrites its whole configuration, tests it with `nginx -t` (a failing one is never
///   installed) and reloads it. A change counts as done once `/turnout-lb-health`, asked through the edge,
///   answers the new plan's generation.
public final class NginxRouter: TrafficRouter, @unchecked Sendable {
    let layout: StateLayout
    let manifest: Manifest
    let templates: TemplateSet
    let router: NginxProcess
    let edge: NginxProcess

    /// Creates the router for `manifest`'s load balancer under `layout`.
    public init(layout: StateLayout, manifest: Manifest, templates: TemplateSet = .embedded, runner: CommandRunner = CommandRunner()) {
        self.layout = layout
        self.manifest = manifest
        self.templates = templates
        router = NginxProcess(prefix: layout.nginxPrefix, runner: runner)
        edge = NginxProcess(prefix: layout.root + "/nginx-edge", runner: runner)
    }

    var generationPath: String { layout.nginxPrefix + "/generation" }
    /// The JSON access log the analysis reads.
    public var requestLog: String? { layout.nginxPrefix + "/access.log" }

    /// The router's private loopback address, chosen once and kept in `STATE/nginx/router.address`.
    func routerAddress() throws -> String {
        let file = layout.nginxPrefix + "/router.address"
        if let text = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            return text
        }
        try FileManager.default.createDirectory(atPath: layout.nginxPrefix, withIntermediateDirectories: true)
        let address = "127.0.0.1:\(try PortAllocator(range: 30_000...39_999).allocate())"
        try address.write(toFile: file, atomically: true, encoding: .utf8)
        return address
    }

    /// Where nginx can be reached on this host for its own health endpoint.
    var probeAddress: (host: String, port: Int) {
        let listen = manifest.loadBalancer.listen
        let port = manifest.loadBalancer.listenPort ?? 80
        var host = listen.contains(":") && !listen.hasPrefix("[") ? String(listen[..<listen.lastIndex(of: ":")!]) : "127.0.0.1"
        if host == "0.0.0.0" || host == "localhost" || host.isEmpty { host = "127.0.0.1" }
        return (host, port)
    }

    /// The router master's PID, when both tiers run.
    func servingPID() -> Int32? { edge.pid() == nil ? nil : router.pid() }

    public func isServing() async -> Bool { servingPID() != nil }

    public func describe() async -> String? {
        servingPID().map { "nginx (PID \($0)) on \(manifest.loadBalancer.listen)" }
    }

    /// A server that takes no traffic, for an upstream with nothing to route to (nginx needs one line).
    static let placeholder = TrafficPlan.Server(host: "127.0.0.1", port: 9, down: true)

    /// nginx's servers for `table`: each routed endpoint, a placeholder where a service routes nowhere.
    static func plan(_ table: RoutingTable) -> TrafficPlan {
        TrafficPlan(servers: table.services.mapValues { routing in
            var servers = routing.endpoints.map {
                TrafficPlan.Server(host: $0.endpoint.host, port: $0.endpoint.port, weight: $0.weight, role: $0.role == .active ? .active : .standby)
            }
            if !servers.contains(where: { $0.role == .active }) { servers.insert(placeholder, at: 0) }
            return servers.sorted { ($0.role.rawValue, $0.host, $0.port) < ($1.role.rawValue, $1.host, $1.port) }
        })
    }

    /// The edge master's PID.
    func edgePID() -> Int32? { edge.pid() }

    /// Installs `plan` in the router and waits until it is served through the edge. A plan that nginx already
    /// serves (a new command does not know what the last one applied) is left alone: no reload, which would
    /// cost a second under load and start fresh worker processes.
    public func apply(_ table: RoutingTable) async throws {
        var numbered = Self.plan(table)
        let previous = Int((try? String(contentsOfFile: generationPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        let address = try routerAddress()
        let renderer = NginxConfigRenderer(templates: templates, flavor: .local, liveListen: address)
        numbered.generation = previous
        if previous > 0, try await isServing(renderer.render(manifest, plan: numbered), generation: previous, routerAddress: address) { return }
        numbered.generation = previous + 1
        let text = try renderer.render(manifest, plan: numbered)
        try await router.install(text)
        try String(previous + 1).write(toFile: generationPath, atomically: true, encoding: .utf8)
        try router.startOrReload()
        try await ensureEdge(routerAddress: address)
        try await waitUntilServing(previous + 1)
    }

    /// Whether both tiers run with the configurations they would be given now, the router's being `routerText`,
    /// and the edge answers that the router serves `generation` (after a crash between installing a
    /// configuration and reloading nginx, the file is newer than what nginx serves).
    private func isServing(_ routerText: String, generation: Int, routerAddress: String) async throws -> Bool {
        guard router.pid() != nil, router.installedConfig() == routerText, try edgeConfig(routerAddress: routerAddress).isCurrent
        else { return false }
        let (host, port) = probeAddress
        guard case .success(let response) = await HTTPFetch.get(host: host, port: port, path: "/turnout-lb-health", timeout: .seconds(1)) else {
            return false
        }
        return response.status == 200 && response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "ok \(generation)"
    }

    /// The edge's configuration for `routerAddress`, and whether the edge runs with it.
    private func edgeConfig(routerAddress: String) throws -> (text: String, isCurrent: Bool) {
        let text = try EdgeConfigRenderer(templates: templates).render(manifest, routerAddress: routerAddress)
        return (text, edge.pid() != nil && edge.installedConfig() == text)
    }

    /// Starts the edge, or reloads it when its configuration changed.
    private func ensureEdge(routerAddress: String) async throws {
        let (text, isCurrent) = try edgeConfig(routerAddress: routerAddress)
        if isCurrent { return }
        try await edge.install(text)
        try edge.startOrReload()
    }

    private func waitUntilServing(_ generation: Int) async throws {
        let (host, port) = probeAddress
        let deadline = ContinuousClock.now + .seconds(15)
        var last = "no answer yet"
        while ContinuousClock.now < deadline {
            switch await HTTPFetch.get(host: host, port: port, path: "/turnout-lb-health", timeout: .seconds(1)) {
            case .success(let response):
                if response.status == 200, response.text.trimmingCharacters(in: .whitespacesAndNewlines) == "ok \(generation)" { return }
                last = "answered \(response.status) \(response.text.trimmingCharacters(in: .whitespacesAndNewlines))"
            case .failure(let failure):
                last = failure.description
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let errors = [edge.errorLogTail(), router.errorLogTail()].filter { !$0.isEmpty }.joined(separator: "\n")
        throw RuntimeError(.commandFailed, "nginx did not start serving configuration \(generation) on \(host):\(port) within 15s (\(last))",
                              hint: errors.isEmpty ? "see \(layout.nginxPrefix)/nginx.out" : "nginx error logs end with:\n\(errors)")
    }

    /// Stops the nginx masters under `layout` by their prefixes, edge first, without a manifest to build the
    /// router from; returns what it stopped.
    public static func stopLeftovers(layout: StateLayout) async -> [String] {
        var stopped: [String] = []
        for prefix in [layout.root + "/nginx-edge", layout.nginxPrefix] {
            let nginx = NginxProcess(prefix: prefix, runner: CommandRunner())
            if nginx.pid() != nil { await nginx.stop(); stopped.append("nginx (\(prefix))") }
        }
        return stopped
    }

    /// Stops the edge first (no new requests), then the router.
    public func stop() async {
        await edge.stop()
        await router.stop()
    }
}
