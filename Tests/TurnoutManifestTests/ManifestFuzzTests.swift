import Foundation
import Testing
@testable import TurnoutManifest

/// Thousands of random and mutated documents: the loader and validator must answer each with a manifest or
/// with errors that have a location, never crash or hang.
@Suite struct ManifestFuzzTests {
    static let seeds: [String] = {
        let files = RepositoryPaths.yamlFiles(in: RepositoryPaths.manifests)
            + RepositoryPaths.yamlFiles(in: RepositoryPaths.strategies)
            + RepositoryPaths.yamlFiles(in: RepositoryPaths.invalidFixtures)
        return files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
    }()

    static func check(_ text: String, seed: UInt64) {
        let loader = ManifestLoader(strategyDirectories: [RepositoryPaths.strategies])
        let result = loader.load(yaml: text, file: "fuzz.yaml")
        let errors = result.issues.filter { $0.severity == .error }
        #expect((result.manifest == nil) == !errors.isEmpty, "seed \(seed): manifest and errors disagree for:\n\(text)")
        #expect(result.issues.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 && !$0.message.isEmpty },
                "seed \(seed): an issue without a location")
        _ = loader.loadStrategy(yaml: text, file: "fuzz.yaml")
    }

    @Test(.timeLimit(.minutes(2)))
    func mutatedShippedFilesNeverCrashTheLoader() {
        #expect(Self.seeds.count >= 15)
        for seed in UInt64(0)..<10_000 {
            var mutator = YAMLMutator(random: SeededGenerator(seed: seed))
            var text = Self.seeds[Int(seed) % Self.seeds.count]
            for _ in 0..<Int(seed % 3 + 1) { text = mutator.mutate(text) }
            Self.check(text, seed: seed)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func randomDocumentsNeverCrashTheLoader() {
        for seed in UInt64(100_000)..<105_000 {
            var mutator = YAMLMutator(random: SeededGenerator(seed: seed))
            Self.check(mutator.randomDocument(), seed: seed)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func pathologicalDocumentsAreRejectedQuickly() {
        var laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            laughs += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let cases = [
            laughs + "app: x\nservices: {api: {role: web, command: *a11}}\nstrategy: rolling\n",
            "app: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000),
            String(repeating: "- ", count: 20_000) + "x",
            "app: x\n" + String(repeating: "k: v\n", count: 2),
            String(repeating: "a", count: 5 << 20),
            "\u{FEFF}app: x",
            "app: \"\\uD800\"",
        ]
        for text in cases {
            let result = ManifestLoader().load(yaml: text, file: "p.yaml")
            #expect(result.manifest == nil)
            #expect(!result.issues.isEmpty)
        }
    }
}
