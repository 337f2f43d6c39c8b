import Foundation
import Yams

/// Loads manifests from YAML, keeping line and column for every issue, and validates them in the same pass.
public struct ManifestLoader: Sendable {
    /// Extra directories searched for strategy files before the ones beside the manifest.
    public var strategyDirectories: [String]
    /// Strategy files built into Turnout, by name (used when no directory has the file).
    public var builtInStrategies: [String: String]
    /// A strategy name used instead of the manifest's `strategy` (`turnout deploy --strategy NAME`).
    public var strategyOverride: String?

    /// Creates a loader.
    public init(strategyDirectories: [String] = [], builtInStrategies: [String: String] = BuiltInStrategies.files) {
        self.strategyDirectories = strategyDirectories
        self.builtInStrategies = builtInStrategies
    }

    /// The outcome of reading one file: the manifest when there were no errors, and every issue found.
    public struct Result: Sendable {
        /// The manifest, `nil` when any error was found.
        public var manifest: Manifest?
        /// Errors and warnings in the order found.
        public var issues: [ManifestIssue]
    }

    /// Reads and validates the manifest at `path`.
    public func load(path: String) -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            return Result(manifest: nil, issues: [
                ManifestIssue(code: .fileUnreadable, location: SourceLocation(file: path, line: 1, column: 1), keyPath: "",
                              message: exists ? "cannot read the file (permissions?)" : "no such file",
                              hint: exists ? nil : "check the path; manifests/ holds examples"),
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Result(manifest: nil, issues: [
                ManifestIssue(code: .fileUnreadable, location: SourceLocation(file: path, line: 1, column: 1), keyPath: "",
                              message: "the file is not UTF-8 text"),
            ])
        }
        return load(yaml: text, file: path, strategyDirectories: strategyDirectories + Self.nearbyStrategyDirectories(of: path))
    }

    /// Reads and validates manifest text; `file` names it in issues.
    public func load(yaml text: String, file: String, strategyDirectories directories: [String]? = nil) -> Result {
        let collector = IssueCollector(file: file)
        let resolver = StrategyResolver(searchDirectories: directories ?? strategyDirectories, builtIn: builtInStrategies)
        guard let root = YAMLDocument.compose(text, collector: collector) else {
            return Result(manifest: nil, issues: collector.issues)
        }
        let manifest = ManifestReader(collector: collector, strategyResolver: resolver, strategyOverride: strategyOverride).read(root)
        if let manifest { ManifestValidator(collector: collector).validate(manifest) }
        return Result(manifest: collector.hasErrors ? nil : manifest, issues: Self.ordered(collector.issues))
    }

    /// The `strategies/` folders searched for a manifest at `path`: beside it and in its parent folder.
    public static func nearbyStrategyDirectories(of path: String) -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        return [normalized(directory + "/strategies"), normalized(directory + "/../strategies")]
    }

    /// `path` with `.` and `dir/..` pairs removed, kept relative when it was (`manifests/../strategies` is
    /// `strategies`).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Issues by file, then line and column, so that output reads top to bottom.
    static func ordered(_ issues: [ManifestIssue]) -> [ManifestIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.location, rhs.element.location)
            if a.file != b.file { return lhs.offset < rhs.offset }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Reads and validates the manifest at `path`, throwing every issue when there is an error.
    public func manifest(at path: String) throws -> Manifest {
        let result = load(path: path)
        guard let manifest = result.manifest else { throw ManifestError(issues: result.issues) }
        return manifest
    }

    /// Reads a strategy file on its own (as `turnout validate` does for files under strategies/).
    public func loadStrategy(yaml text: String, file: String) -> (strategy: Strategy?, issues: [ManifestIssue]) {
        let collector = IssueCollector(file: file)
        guard let root = YAMLDocument.compose(text, collector: collector),
              let reader = MappingReader(root, path: .root, collector: collector, what: "a strategy (a mapping with type and its settings)") else {
            return (nil, collector.issues)
        }
        let strategy = StrategyReader(reader: reader).read()
        return (collector.hasErrors ? nil : strategy, Self.ordered(collector.issues))
    }
}
