import Testing
@testable import TurnoutManifest

/// Large manifests are read: the value limit that stops alias bombs grows with the file, so a manifest with
/// more than 100,000 values of its own is not mistaken for one.
@Suite struct LargeManifestTests {
    @Test func aManifestOfTwelveThousandServicesIsRead() throws {
        var yaml = "app: big\nservices:\n  api: {role: web, command: [api], port: 8000, health: {path: /ready}}\n"
        for index in 0..<12_000 {
            yaml += "  worker-\(index): {role: worker, command: [worker], queues: [email]}\n"
        }
        yaml += "strategy: {type: rolling}\n"
        let result = ManifestLoader().load(yaml: yaml, file: "big.yaml")
        #expect(result.issues.isEmpty, "\(result.issues.prefix(3).map(\.description))")
        #expect(result.manifest?.services.count == 12_001)
    }

    @Test func repeatedRoutePathsAreEachReportedOnce() {
        let yaml = """
            app: x
            services:
              a: {role: web, command: [a], port: 8000, health: {path: /h}}
              b: {role: web, command: [b], port: 8001, health: {path: /h}}
            load_balancer:
              routes:
                - {path: /, service: a}
                - {path: /b/, service: b}
                - {path: /, service: b}
                - {path: /b/, service: a}
                - {path: /, service: a}
            strategy: {type: rolling}
            """
        let issues = ManifestLoader().load(yaml: yaml, file: "m.yaml").issues.filter { $0.code == .conflictingKeys }
        #expect(issues.map(\.message) == ["the path '/' is routed more than once", "the path '/b/' is routed more than once"])
    }
}
