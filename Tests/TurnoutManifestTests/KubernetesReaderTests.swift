import Testing
@testable import TurnoutManifest

/// The `kubernetes` block: the target version, how it is written, and the exact issue each mistake produces.
@Suite struct KubernetesReaderTests {
    static func load(_ block: String?) -> ManifestLoader.Result {
        var yaml = """
            app: blog
            runtime: kubernetes
            services:
              api: {role: web, image: turnout-api:1.0.0, port: 8000, health: {path: /ready}}
            strategy: {type: rolling}

            """
        if let block { yaml += "kubernetes:\n" + block }
        return ManifestLoader().load(yaml: yaml, file: "m.yaml")
    }

    @Test func withoutTheBlockTheTargetIsACurrentRelease() throws {
        let manifest = try #require(Self.load(nil).manifest)
        #expect(manifest.kubernetes.version == KubernetesVersion(1, 30))
        #expect(KubernetesVersion.default == KubernetesVersion(1, 30))
    }

    /// `version: 1.20` unquoted is a YAML float (1.2) to most readers; Turnout reads the text as written.
    @Test("versions", arguments: [
        ("  version: \"1.20\"", KubernetesVersion(1, 20)),
        ("  version: 1.20", KubernetesVersion(1, 20)),
        ("  version: v1.29.3", KubernetesVersion(1, 29)),
        ("  {version: 1.19}", KubernetesVersion(1, 19)),
        ("  version: \"1.35\"", KubernetesVersion(1, 35)),
    ])
    func aVersion(_ block: String, _ expected: KubernetesVersion) throws {
        let result = Self.load(block)
        #expect(result.issues.isEmpty, "\(result.issues.map(\.description))")
        #expect(result.manifest?.kubernetes.version == expected)
    }

    @Test("mistakes", arguments: [
        ("  version: latest", "m.yaml:7:12: error: kubernetes.version: 'latest' is not a Kubernetes version: expected MAJOR.MINOR, such as 1.30 [invalid-value]"),
        ("  version: 1.2", "m.yaml:7:12: error: kubernetes.version: Kubernetes 1.2 is not supported: Turnout generates for 1.19 and later [out-of-range]"),
        ("  version: \"2.0\"", "m.yaml:7:12: error: kubernetes.version: Kubernetes 2.0 is not supported: Turnout generates for 1.19 and later [out-of-range]"),
        ("  version: [1, 20]", "m.yaml:7:12: error: kubernetes.version: expected a single value, found a list [wrong-type]"),
        ("  verison: \"1.20\"", "m.yaml:7:3: error: kubernetes.verison: unknown key 'verison'; did you mean 'version'? [unknown-key]"),
        ("  - 1.20", "m.yaml:7:3: error: kubernetes: expected a mapping such as {version: \"1.30\"}, found a list [wrong-type]"),
    ])
    func aMistake(_ block: String, _ expected: String) {
        let result = Self.load(block)
        #expect(result.manifest == nil)
        #expect(result.issues.map { $0.description.split(separator: "\n").first.map(String.init) ?? "" } == [expected])
    }

    @Test("parsing", arguments: [
        ("1.30", KubernetesVersion(1, 30)), ("1.30.0", KubernetesVersion(1, 30)), ("v1.20", KubernetesVersion(1, 20)),
        ("1", nil), ("1.", nil), ("1.2.3.4", nil), ("1.x", nil), (" 1.20", nil), ("1.20 ", nil), ("", nil), ("v", nil),
        ("1.123456", nil), ("+1.20", nil),
    ] as [(String, KubernetesVersion?)])
    func parsing(_ text: String, _ expected: KubernetesVersion?) {
        #expect(KubernetesVersion.parse(text) == expected)
    }

    @Test func versionsCompareByMinorWithinAMajor() {
        #expect(KubernetesVersion(1, 9) < KubernetesVersion(1, 20))
        #expect(KubernetesVersion(1, 30) < KubernetesVersion(2, 0))
        #expect(KubernetesVersion(1, 20).description == "1.20")
    }
}
