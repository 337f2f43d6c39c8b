import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// Hostile manifest values can neither change the structure of a generated file nor get lost in it.
@Suite struct EscapingTests {
    static let hostile = [
        "plain", "quote \" inside", "back\\slash", "new\nline", "carriage\rreturn", "tab\tstop", "semi; colon",
        "{ brace }", "# not a comment", "key: value", "- item", "--- \n...", "$HOME ${PATH} $$", "'single'",
        "unicode é 漢字 🚀", "line\u{2028}separator", "nel\u{85}", "bell\u{07}", "", " leading space", "@at `tick`",
    ]

    @Test func yamlDoubleQuotedRoundTripsThroughARealParser() throws {
        let document = Self.hostile.enumerated().map { "k\($0.offset): \(YAMLEscaping.doubleQuoted($0.element))" }
            .joined(separator: "\n") + "\n"
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("values.yaml")
        try Data(document.utf8).write(to: file)
        let script = "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))"
        guard let result = try ExternalTool.run("python3", ["-c", script, file.path]) else { return }
        #expect(result.status == 0, "\(result.output)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: String]
        for (index, value) in Self.hostile.enumerated() {
            #expect(parsed?["k\(index)"] == value, "value \(index) did not survive: \(value.debugDescription)")
        }
        #expect(parsed?.count == Self.hostile.count)
    }

    @Test func yamlEscapesEverythingThatCouldEndTheScalar() {
        #expect(YAMLEscaping.doubleQuoted("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(YAMLEscaping.doubleQuoted("x\u{2028}y") == #""x\u2028y""#)
        #expect(YAMLEscaping.composeQuoted("${SECRET}") == #""$${SECRET}""#)
        #expect(YAMLEscaping.flowSequence(["a", "b c"], compose: false) == #"["a", "b c"]"#)
    }

    @Test func composeKeepsHostileEnvironmentValuesVerbatim() throws {
        var manifest = Fixtures.small
        manifest.services[0].env = Self.hostile.enumerated().map {
            EnvironmentVariable(name: "V\($0.offset)", value: $0.element)
        }
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try GeneratedFileWriter(outputDirectory: directory).write(try Generator().render(manifest: manifest, target: .compose))
        let file = directory.appendingPathComponent("compose/compose.yaml").path
        guard let result = try ExternalTool.run("docker-compose", ["-f", file, "config", "--format", "json"]) else { return }
        #expect(result.status == 0, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let services = json?["services"] as? [String: Any]
        let environment = (services?["web"] as? [String: Any])?["environment"] as? [String: String?]
        for (index, value) in Self.hostile.enumerated() {
            // `config` prints the model back in compose syntax, where a literal `$` is written `$$` again.
            let printed = value.replacingOccurrences(of: "$", with: "$$")
            #expect(environment?["V\(index)"] ?? nil == printed, "V\(index) changed: \(value.debugDescription)")
        }
    }

    @Test func nginxQuotingEscapesQuotesAndRefusesVariablesAndControls() throws {
        #expect(try NginxEscaping.quoted(#"a "b" \c; {d} #e"#, at: "x") == #""a \"b\" \\c; {d} #e""#)
        #expect(throws: GeneratorError.self) { try NginxEscaping.quoted("a\nb", at: "x") }
        #expect(throws: GeneratorError.self) { try NginxEscaping.quoted("$host", at: "x") }
        #expect(NginxEscaping.isBareWord("127.0.0.1:8080"))
        for bad in ["a;b", "a{", "}", "a b", "#", "$x", "é", ""] { #expect(!NginxEscaping.isBareWord(bad)) }
    }

    /// Values that would inject nginx directives or YAML structure are refused with the manifest key named.
    @Test(arguments: [
        ("server_name", "example.com; include /etc/passwd"), ("server_name", "a\nb"), ("listen", "8080 ssl"),
        ("route", "/api { return 200; }"), ("route", "/a b"), ("service", "api\nkind: Secret"), ("service", "API"),
        ("app", "shop: x"), ("env", "A B"), ("image", "img\"\nprivileged: true"), ("queue", "q,r"),
        ("secret", "s\": x"), ("host", "evil;host"),
    ])
    func injectionIsRefused(field: String, value: String) throws {
        var manifest = Fixtures.stage2
        var plan: TrafficPlan?
        switch field {
        case "server_name": manifest.loadBalancer.serverName = value
        case "listen": manifest.loadBalancer.listen = value
        case "route": manifest.loadBalancer.routes = [LoadBalancer.Route(path: value, service: "api")]
        case "service": manifest.services[0].name = value; manifest.loadBalancer.routes = []
        case "app": manifest.app = value
        case "env": manifest.services[0].env = [EnvironmentVariable(name: value, value: "x")]
        case "image": manifest.services[0].image = value
        case "queue": manifest.services[1].queues = [value]
        case "secret": manifest.services[0].secrets = [SecretReference(name: "S", secret: value, key: "k")]
        default: plan = TrafficPlan(servers: ["api": [TrafficPlan.Server(host: value, port: 80)]])
        }
        let targets: [GenerationTarget] = field == "host" ? [.nginx] : field == "secret" ? [.kubernetes] : [.all]
        for target in targets {
            #expect(throws: GeneratorError.self, "\(field) = \(value.debugDescription)") {
                try Generator().render(manifest: manifest, target: target, plan: plan)
            }
        }
    }
}
