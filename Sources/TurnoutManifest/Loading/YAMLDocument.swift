import Yams

/// Composes YAML text into a node tree, turning parser errors into issues with line and column.
enum YAMLDocument {
    /// Largest input accepted, so that a pathological file cannot exhaust memory.
    static let maximumBytes = 4 << 20

    /// The document's root node, or `nil` with an issue when the text is not one well-formed YAML document.
    static func compose(_ text: String, collector: IssueCollector) -> Node? {
        guard text.utf8.count <= maximumBytes else {
            collector.add(.tooComplex, at: nil, path: .root, "the file is larger than \(maximumBytes >> 20) MiB")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.value == 0 }) {
            collector.add(.yamlSyntax, at: nil, path: .root, "the file contains a NUL character: it is not YAML text")
            return nil
        }
        do {
            // The basic resolver tags every scalar `str`: readers look at the text themselves, and resolving tags
            // with the default resolver's regular expressions (for Yams' duplicate-key check, which hashes
            // every key) was a tenth of the time of reading a large manifest.
            guard let root = try Yams.compose(yaml: text, .basic) else {
                collector.add(.emptyDocument, at: nil, path: .root, "the file is empty: expected a mapping with app, services and strategy")
                return nil
            }
            let limit = maximumNodes(forBytes: text.utf8.count)
            guard root.nodeCount(limit: limit) <= limit else {
                collector.add(.tooComplex, at: root.mark, path: .root,
                              "the document expands to more than \(limit) values (aliases nested too deeply?)")
                return nil
            }
            return root
        } catch let error as YamlError {
            report(error, collector: collector)
            return nil
        } catch {
            collector.add(.yamlSyntax, at: nil, path: .root, "cannot parse YAML: \(error)")
            return nil
        }
    }

    /// Most values a document of `bytes` bytes may expand to, counting each alias use: 100,000, or one per
    /// byte for a larger file. Without aliases every value takes at least a byte of text, so only alias
    /// expansion (a "billion laughs" document) can pass this, while a manifest of 5,000 services (2.8 MB,
    /// ~350,000 values) is read.
    static func maximumNodes(forBytes bytes: Int) -> Int { max(100_000, bytes) }

    /// How deep collections may nest: libyaml's `MAX_NESTING_LEVEL` (1000 in the libyaml Yams bundles,
    /// `Sources/CYaml/src/parser.c`); the parser stops with "Maximum nesting level reached" at the 1000th
    /// nested block collection (flow collections count from how far its scanner has read ahead, so they stop
    /// near it). A test pins it to the parser's behaviour.
    static let maximumNesting = 1000

    /// What libyaml's parser says when a document nests past ``maximumNesting``.
    static let nestingProblem = "Maximum nesting level reached"

    private static func report(_ error: YamlError, collector: IssueCollector) {
        switch error {
        case .parser(_, let problem, let mark, _) where problem.hasPrefix(nestingProblem):
            collector.add(.nestingTooDeep, at: mark, path: .root,
                          "the document nests deeper than the YAML parser allows (\(maximumNesting) levels)",
                          hint: "a Turnout manifest needs only a few levels (services.api.resources.limits.cpu is 5): "
                              + "look here for a run of nested brackets, braces or indentation, e.g. from a generator gone wrong")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? problem
            collector.add(.yamlSyntax, at: mark, path: .root, "YAML syntax error: \(detail)",
                          hint: "check indentation, colons after keys, and quotes around values with ':' or '#'")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            collector.add(.duplicateKey, at: context.mark, path: .root,
                          "key \(names) appears more than once in the same mapping; YAML keys must be unique",
                          hint: "rename or merge the entries (the first is at this line); other problems are reported once the file parses")
        case .reader(let problem, _, _, _):
            collector.add(.yamlSyntax, at: nil, path: .root, "cannot read the text: \(problem)")
        default:
            collector.add(.yamlSyntax, at: nil, path: .root, "cannot parse YAML: \(error)")
        }
    }
}

extension Node {
    /// Counts values, stopping early once past `limit`.
    func nodeCount(limit: Int) -> Int {
        var count = 0
        var stack: [Node] = [self]
        while let node = stack.popLast() {
            count += 1
            if count > limit { return count }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append(key); stack.append(value) }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return count
    }
}
