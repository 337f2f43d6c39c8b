import Foundation

/// Paths inside the repository, found from this source file's location.
enum RepositoryPaths {
    /// The repository root (three levels above this file's folder).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `manifests/` at the root.
    static var manifests: String { root + "/manifests" }
    /// `strategies/` at the root.
    static var strategies: String { root + "/strategies" }
    /// The invalid-manifest fixtures of this test target.
    static var invalidFixtures: String { root + "/Tests/TurnoutManifestTests/Fixtures/invalid" }

    /// The YAML files directly inside `directory`, sorted.
    static func yamlFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory + "/" + $0 }
    }
}
