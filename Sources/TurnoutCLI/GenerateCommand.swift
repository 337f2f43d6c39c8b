import ArgumentParser
import Foundation
import TurnoutGenerators
import TurnoutManifest

/// `turnout generate nginx|compose|kubernetes|all [MANIFEST] -o DIR`.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the nginx, compose and Kubernetes files that run a manifest's stack.",
        discussion: """
            Renders templates/ (built into turnout; --templates DIR overrides them file by file) into DIR: \
            nginx/nginx.conf, compose/compose.yaml (+ the nginx.conf it mounts) and kubernetes/*.yaml (one \
            object per file). Every file is rendered before any is written, and each is written atomically, so \
            an invalid manifest or template changes nothing. The same input gives the same bytes.
            """
    )

    @Argument(help: "What to generate: nginx, compose, kubernetes or all.")
    var target: GenerationTarget

    @Argument(help: "The manifest.")
    var manifest: String = "turnout.yaml"

    @Option(name: [.short, .customLong("output-dir")], help: "Directory to write into (created if needed).")
    var outputDirectory: String = "out"

    @Option(help: "A directory of templates overriding the built-in ones (same relative paths as templates/).")
    var templates: String?

    @Option(name: .customLong("strategies"), help: "A directory searched for strategy files first.")
    var strategyDirectories: [String] = []

    @Option(help: ArgumentHelp(
        "The Kubernetes version the files target, such as 1.20 (default: the manifest's kubernetes.version, else 1.30).",
        discussion: "API versions and fields are chosen for it: autoscaling/v2beta2 before 1.23, policy/v1beta1 before 1.21, and the preStop sleep hook from 1.30."))
    var kubernetesVersion: KubernetesVersion?

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let result = ManifestLoader(strategyDirectories: strategyDirectories).load(path: manifest)
        guard var loaded = result.manifest else {
            let report = ValidationReport(file: manifest, kind: "manifest", valid: false, summary: nil, issues: result.issues)
            print(output == .json ? try ValidationReport.json([report]) : report.text)
            throw ExitCodes.invalidInput
        }
        if let kubernetesVersion { loaded.kubernetes.version = kubernetesVersion }
        let files: [GeneratedFile]
        do {
            let templateSet = try templates.map { try TemplateSet(overridesIn: $0) } ?? .embedded
            files = try Generator().render(manifest: loaded, target: target, templates: templateSet)
        } catch let error as GeneratorError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCodes.invalidInput
        }
        let written = try GeneratedFileWriter(outputDirectory: URL(fileURLWithPath: outputDirectory)).write(files)
        switch output {
        case .text:
            for url in written { print("wrote \(url.path)") }
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(["files": written.map(\.path)]), as: UTF8.self))
        }
    }
}

extension GenerationTarget: ExpressibleByArgument {}

extension KubernetesVersion: ExpressibleByArgument {
    public init?(argument: String) {
        guard let version = KubernetesVersion.parse(argument), version.major == 1,
              version >= KubernetesVersion.oldestSupported
        else { return nil }
        self = version
    }
}
