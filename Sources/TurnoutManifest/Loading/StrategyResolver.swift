import Foundation
import Yams

/// Finds the strategy a manifest names and reads it, with the manifest's overrides laid over the file.
///
/// `strategy: canary` looks for `canary.yaml` in each search directory in order, then in the copies of
/// `strategies/` built into Turnout. `strategy: {from: canary, ...}` does the same and overrides the file's
/// top-level keys with the ones given; `strategy: {type: canary, ...}` is an inline strategy.
struct StrategyResolver {
    /// Directories searched for `NAME.yaml`, first match wins.
    let searchDirectories: [String]
    /// Built-in strategy files by name, used when no directory has the file.
    let builtIn: [String: String]

    func resolve(node: Node, in top: MappingReader) -> (Strategy?, String) {
        if case .scalar(let scalar) = node {
            guard let file = load(name: scalar.string, top: top) else { return (nil, "") }
            return (StrategyReader(reader: file.reader).read(), file.source)
        }
        guard let inline = top.nestedMapping("strategy", what: "a strategy name or mapping") else { return (nil, "") }
        guard inline.has("from") else {
            return (StrategyReader(reader: inline).read(), "inline")
        }
        guard let name = inline.string("from"), let file = load(name: name, top: inline, key: "from") else {
            return (nil, "")
        }
        var excluded: Set<String> = ["from"]
        if let fileType = file.reader.scalar("type"), let inlineType = inline.scalar("type"), fileType != inlineType {
            inline.problem(.conflictingKeys, "type", "type '\(Node.clipped(inlineType))' contradicts the strategy file \(file.source), which is '\(Node.clipped(fileType))'",
                           hint: "remove type, or drop from and write the whole strategy inline")
            excluded.insert("type")
        }
        file.reader.overlay(inline, excluding: excluded)
        return (StrategyReader(reader: file.reader).read(), file.source + " (with overrides)")
    }

    /// Reads strategy file `name` into a reader whose issues go to the manifest's collector, pointing at the
    /// strategy file's own lines.
    private func load(name: String, top: MappingReader, key: String = "strategy") -> (reader: MappingReader, source: String)? {
        guard Self.isStrategyName(name) else {
            top.problem(.unknownStrategy, key, "'\(Node.clipped(name))' is not a strategy name: expected \(Strategy.kindNames.joined(separator: ", ")) or another file name in strategies/ (lowercase letters, digits, '-')")
            return nil
        }
        for directory in searchDirectories {
            let path = (directory as NSString).appendingPathComponent("\(name).yaml")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                top.problem(.fileUnreadable, key, "strategy file \(path) cannot be read as UTF-8 text")
                return nil
            }
            return parse(text, source: path, top: top)
        }
        if let text = builtIn[name] {
            return parse(text, source: "built-in strategies/\(name).yaml", top: top)
        }
        let known = Set(builtIn.keys).union(searchDirectories.flatMap(Self.strategyNames(in:))).sorted()
        let suggestion = DidYouMean.suggestion(for: name, among: known)
        top.problem(.unknownStrategy, key, "no strategy file named '\(name).yaml'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    hint: "available: \(known.joined(separator: ", ")); searched \(searchDirectories.joined(separator: ", "))")
        return nil
    }

    private func parse(_ text: String, source: String, top: MappingReader) -> (reader: MappingReader, source: String)? {
        let fileCollector = IssueCollector(file: source)
        guard let root = YAMLDocument.compose(text, collector: fileCollector),
              let reader = MappingReader(root, path: ManifestKeyPath.root.appending("strategy"), collector: top.collector, file: source,
                                         what: "a strategy (a mapping with type and its settings)") else {
            top.collector.append(contentsOf: fileCollector.issues)
            return nil
        }
        // The strategy's keys report under `strategy.` in the manifest's key space.
        return (reader, source)
    }

    /// Strategy names are file names: lowercase letters, digits and `-`.
    static func isStrategyName(_ name: String) -> Bool { NameRules.isLabel(name) }

    static func strategyNames(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    }
}
