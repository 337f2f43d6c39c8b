import Foundation
import Testing
import TurnoutManifest
@testable import TurnoutGenerators

/// The embedded templates match templates/ (and strategies/), and `--templates DIR` overrides file by file.
@Suite struct TemplateSetTests {
    static var repositoryRoot: URL { ExternalTool.repositoryRoot }

    static func files(under folder: String, suffix: String) -> [String: String] {
        let base = repositoryRoot.appendingPathComponent(folder)
        let names = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        var result: [String: String] = [:]
        for name in names where name.hasSuffix(suffix) {
            if let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path) {
                result[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return result
    }

    @Test func embeddedTemplatesMatchTheTemplatesFolder() {
        let onDisk = Self.files(under: "templates", suffix: ".mustache")
        #expect(!onDisk.isEmpty, "templates/ not found at \(Self.repositoryRoot.path)")
        #expect(EmbeddedTemplates.contents == onDisk,
                "Sources/TurnoutGenerators/EmbeddedTemplates.swift is stale: run scripts/embed-resources.py")
    }

    @Test func embeddedStrategiesMatchTheStrategiesFolder() {
        let onDisk = Self.files(under: "strategies", suffix: ".yaml").filter { !$0.key.contains("/") }
        let byName = Dictionary(uniqueKeysWithValues: onDisk.map { (String($0.key.dropLast(".yaml".count)), $0.value) })
        #expect(BuiltInStrategies.files == byName,
                "Sources/TurnoutManifest/EmbeddedStrategyFiles.swift is stale: run scripts/embed-resources.py")
    }

    @Test func everyTemplateStartsWithTheTextPragma() {
        for (name, text) in EmbeddedTemplates.contents {
            #expect(text.hasPrefix("{{% CONTENT_TYPE: TEXT}}\n"), "\(name) would be HTML-escaped by other tools")
        }
    }

    @Test func aDirectoryOverridesOneTemplateAndFallsBackForTheRest() throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let nginx = directory.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: nginx, withIntermediateDirectories: true)
        // No pragma here on purpose: overrides render as text even when they forget it.
        try Data("# custom for {{app}} <&>\n".utf8).write(to: nginx.appendingPathComponent("nginx.conf.mustache"))
        let templates = try TemplateSet(overridesIn: directory.path)
        let files = try Generator().render(manifest: Fixtures.small, target: .all, templates: templates)
        #expect(files.first { $0.path == "nginx/nginx.conf" }?.contents == "# custom for tiny <&>\n")
        let embedded = try Generator().render(manifest: Fixtures.small, target: .kubernetes)
        #expect(files.filter { $0.path.hasPrefix("kubernetes/") } == embedded)
        #expect(templates.origin(of: "nginx/nginx.conf.mustache") == .file(nginx.appendingPathComponent("nginx.conf.mustache").path))
        #expect(templates.origin(of: "compose/compose.yaml.mustache") == .embedded)
    }

    @Test func unknownOrMissingOverridesAreErrors() throws {
        #expect(throws: GeneratorError.self) { try TemplateSet(overridesIn: "/nonexistent/turnout-templates") }
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("x".utf8).write(to: directory.appendingPathComponent("ngnix.conf.mustache"))
        #expect(throws: GeneratorError.self) { try TemplateSet(overridesIn: directory.path) }
    }

    @Test func aBrokenTemplateIsReportedWithItsPath() throws {
        let directory = try ExternalTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nginx"), withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("nginx/nginx.conf.mustache")
        try Data("{{#upstreams}} unclosed".utf8).write(to: file)
        let templates = try TemplateSet(overridesIn: directory.path)
        #expect { try Generator().render(manifest: Fixtures.small, target: .nginx, templates: templates) } throws: {
            ($0 as? GeneratorError)?.location == file.path
        }
    }
}
