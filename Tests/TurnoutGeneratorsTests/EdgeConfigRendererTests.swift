import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// The local runtime's two nginx tiers: the edge forwards to the router's private port, and the router's live
/// server listens there instead of on the manifest's address; both pass `nginx -t`.
@Suite struct EdgeConfigRendererTests {
    @Test func theEdgeListensOnTheLoadBalancerAndForwardsToTheRouter() throws {
        let text = try EdgeConfigRenderer().render(Fixtures.stage2, routerAddress: "127.0.0.1:31000")
        #expect(text.contains("listen \(Fixtures.stage2.loadBalancer.listen);"))
        #expect(text.contains("server 127.0.0.1:31000 max_fails=0;"))
        #expect(text.contains("proxy_next_upstream error timeout;"))
        #expect(!text.contains("log_format"))
        try ExternalTool.expectNginxAccepts(text)
    }

    @Test func theRouterListensOnItsPrivatePortOnly() throws {
        let text = try NginxConfigRenderer(flavor: .local, liveListen: "127.0.0.1:31000").render(Fixtures.stage2)
        #expect(text.contains("listen 127.0.0.1:31000;"))
        #expect(!text.contains("listen \(Fixtures.stage2.loadBalancer.listen);"))
        try ExternalTool.expectNginxAccepts(text)
    }

    @Test func aHostileRouterAddressIsRefused() {
        #expect(throws: GeneratorError.self) { try EdgeConfigRenderer().render(Fixtures.stage2, routerAddress: "127.0.0.1:1; include /etc/passwd") }
        #expect(throws: GeneratorError.self) { try NginxConfigRenderer(liveListen: "x y").render(Fixtures.stage2) }
    }
}
