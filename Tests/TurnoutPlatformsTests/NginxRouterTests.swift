import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutPlatforms
import TurnoutRuntime

/// The nginx router against real nginx: a plan nginx already serves is not applied again by a router that did
/// not apply it (every command starts with a new one), and a changed plan is.
@Suite(.serialized) struct NginxRouterTests {
    static func manifest(port: Int, in directory: String) throws -> Manifest {
        let path = directory + "/router.yaml"
        try """
            app: routertest
            services:
              web:
                role: web
                command: ["/bin/true"]
                port: 8000
                health: {path: /health}
            load_balancer:
              listen: 127.0.0.1:\(port)
            strategy: rolling
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return try ManifestLoader().manifest(at: path)
    }

    static func generation(_ layout: StateLayout) -> String? {
        (try? String(contentsOfFile: layout.nginxPrefix + "/generation", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a plan nginx already serves is left alone by a new router; a changed one is applied")
    func servedPlanIsNotReloaded() async throws {
        let directory = NSTemporaryDirectory() + "turnout-router-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let layout = StateLayout(root: directory + "/state")
        try layout.create()
        let manifest = try Self.manifest(port: try PortAllocator(range: 40_000...44_999).allocate(), in: directory)
        let first = NginxRouter(layout: layout, manifest: manifest)
        defer { Task { await first.stop() } }
        let plan = RoutingTable(services: ["web": ServiceRouting(shares: [RevisionShare(revision: 1, percent: 100)], endpoints: [
            RoutedEndpoint(instance: "web-r1-1", revision: 1, endpoint: .loopback(45_001)), RoutedEndpoint(instance: "web-r1-2", revision: 1, endpoint: .loopback(45_002)),
        ])])
        try await first.apply(plan)
        #expect(Self.generation(layout) == "1")
        let routerPID = first.servingPID()
        #expect(routerPID != nil)

        // A later command: same plan, nothing to do.
        try await NginxRouter(layout: layout, manifest: manifest).apply(plan)
        #expect(Self.generation(layout) == "1")
        #expect(first.servingPID() == routerPID)

        // A changed plan is installed and served.
        var changed = plan
        changed.services["web"]?.endpoints.removeLast()
        try await NginxRouter(layout: layout, manifest: manifest).apply(changed)
        #expect(Self.generation(layout) == "2")
        // The same change seen by yet another command: served already.
        try await NginxRouter(layout: layout, manifest: manifest).apply(changed)
        #expect(Self.generation(layout) == "2")
        await first.stop()
    }
}
