import Yams

/// Reads one YAML mapping key by key, reporting wrong types and bad values without stopping, and at the end
/// every key that nobody asked for (with a did-you-mean among the keys that were asked for).
final class MappingReader {
    /// The mapping's own path.
    let path: ManifestKeyPath
    /// Where issues go.
    let collector: IssueCollector
    /// Where the mapping starts.
    let mark: Mark?
    /// The file the mapping was read from.
    let file: String
    /// One key and its value, with the file it came from (overrides may come from another file).
    struct Entry {
        var key: String
        var keyMark: Mark?
        var value: Node
        var file: String
    }
    /// Entries in file order; duplicates already reported and dropped.
    private(set) var entries: [Entry] = []
    /// The position of each key in `entries`, so that a lookup costs the same in a mapping of 5,000
    /// services as in one of 5 keys.
    private var positions: [String: Int] = [:]
    /// Keys some reader asked for, in the order asked, and the same as a set.
    private var known: [String] = []
    private var knownSet: Set<String> = []

    /// Reads `node` as a mapping at `path`; reports and returns `nil` when it is not one.
    init?(
        _ node: Node, path: ManifestKeyPath, collector: IssueCollector, file: String? = nil,
        what: String = "a mapping of keys"
    ) {
        let file = file ?? collector.file
        self.path = path
        self.collector = collector
        self.mark = node.mark
        self.file = file
        collector.remember(path, at: node.mark, in: file)
        guard case .mapping(let mapping) = node else {
            collector.add(.wrongType, at: node.mark, in: file, path: path, "expected \(what), found \(node.kindDescription)")
            return nil
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                collector.add(.wrongType, at: keyNode.mark, in: file, path: path, "keys must be plain text, found \(keyNode.kindDescription)")
                continue
            }
            let key = scalar.string
            guard positions[key] == nil else {
                collector.add(
                    .duplicateKey, at: keyNode.mark, in: file, path: path.appending(key),
                    "key '\(key)' appears more than once in this mapping", hint: "keep one of them")
                continue
            }
            positions[key] = entries.count
            entries.append(Entry(key: key, keyMark: keyNode.mark, value: value, file: file))
            collector.remember(path.appending(key), at: value.mark, in: file)
        }
    }

    /// Lays the entries of `overrides` over this mapping's: a key present in both takes the override's value
    /// (and its file and line), keys only in `overrides` are added. Keys in `excluding` are left out.
    func overlay(_ overrides: MappingReader, excluding: Set<String> = []) {
        for entry in overrides.entries where !excluding.contains(entry.key) {
            if let index = positions[entry.key] {
                entries[index] = entry
            } else {
                positions[entry.key] = entries.count
                entries.append(entry)
            }
            collector.forget(path.appending(entry.key))
            collector.remember(path.appending(entry.key), at: entry.value.mark, in: entry.file)
        }
    }

    /// The keys present, in file order.
    var keys: [String] { entries.map(\.key) }

    /// Whether `key` is present with a non-null value; marks it as known.
    func has(_ key: String) -> Bool { value(key) != nil }

    /// The raw node for `key`, `nil` when absent or null; marks the key as known.
    func value(_ key: String) -> Node? {
        if knownSet.insert(key).inserted { known.append(key) }
        guard let node = entry(key)?.value else { return nil }
        return node.isNull ? nil : node
    }

    /// The entry for `key`, if present.
    private func entry(_ key: String) -> Entry? { positions[key].map { entries[$0] } }

    /// Where `key`'s value starts (or the mapping, if absent).
    func mark(of key: String) -> Mark? { entry(key)?.value.mark ?? mark }

    /// The file `key`'s value was read from.
    func file(of key: String) -> String { entry(key)?.file ?? file }

    /// Reports a missing required key.
    func missing(_ key: String, _ expected: String, hint: String? = nil) {
        collector.add(.missingKey, at: mark, in: file, path: path.appending(key), "required key '\(key)' is missing: \(expected)", hint: hint)
    }

    /// Reports `message` against `key`'s value.
    func problem(_ code: IssueCode, _ key: String, _ message: String, hint: String? = nil) {
        collector.add(code, at: mark(of: key), in: file(of: key), path: path.appending(key), message, hint: hint)
    }

    /// The plain text of `key`'s scalar value; reports when it is a mapping or sequence.
    func scalar(_ key: String, required: String? = nil) -> String? {
        guard let node = value(key) else {
            if let required { missing(key, required) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problem(.wrongType, key, "expected \(required ?? "a single value"), found \(node.kindDescription)")
            return nil
        }
        return scalar.string
    }

    /// Calls `reader` with each entry of the mapping under `key`, reporting wrong types.
    func nestedMapping(_ key: String, what: String = "a mapping of keys") -> MappingReader? {
        guard let node = value(key) else { return nil }
        return MappingReader(node, path: path.appending(key), collector: collector, file: file(of: key), what: what)
    }

    /// The items of the sequence under `key` with their paths; reports when it is not a sequence.
    func sequence(_ key: String, what: String) -> [(node: Node, path: ManifestKeyPath)]? {
        // Items report through `itemProblem`, which knows the file.
        guard let node = value(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            problem(.wrongType, key, "expected \(what), found \(node.kindDescription)")
            return nil
        }
        let file = file(of: key)
        return sequence.enumerated().map { index, item in
            let itemPath = path.appending(key).appending(index: index)
            collector.remember(itemPath, at: item.mark, in: file)
            return (item, itemPath)
        }
    }

    /// Reports `message` against an item of the sequence under `key`.
    func itemProblem(_ code: IssueCode, _ key: String, item: Node, path itemPath: ManifestKeyPath, _ message: String, hint: String? = nil) {
        collector.add(code, at: item.mark, in: file(of: key), path: itemPath, message, hint: hint)
    }

    /// A reader for a mapping item of the sequence under `key`.
    func itemMapping(_ key: String, item: Node, path itemPath: ManifestKeyPath, what: String = "a mapping of keys") -> MappingReader? {
        MappingReader(item, path: itemPath, collector: collector, file: file(of: key), what: what)
    }

    /// Reports every key nobody asked for, suggesting the closest known key.
    func finish() {
        for entry in entries where !knownSet.contains(entry.key) {
            let suggestion = DidYouMean.suggestion(for: entry.key, among: known)
            let expected = known.sorted().joined(separator: ", ")
            collector.add(
                .unknownKey, at: entry.keyMark, in: entry.file, path: path.appending(entry.key),
                "unknown key '\(entry.key)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                hint: "keys allowed here: \(expected)")
        }
    }
}

extension Node {
    /// Whether this is an empty or `null`/`~` plain scalar.
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        guard scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// "a mapping", "a list", "the text 'x'" for messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            return "'\(Node.clipped(scalar.string))'"
        }
    }

    static func clipped(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
