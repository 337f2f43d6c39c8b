/// Makes random and mutated YAML documents from seed documents, for the loader's fuzz test.
struct YAMLMutator {
    var random: SeededGenerator

    /// Fragments that stress YAML and the manifest's value parsers.
    static let tokens = [
        "", " ", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", "&a ", "*a", "*b", "!!binary ", "!custom ", "? ",
        "|", ">", "\"", "'", "\\", "\t", "\n", "\n  ", "\n    - ", "~", "null", "true", "yes", "0", "-1", "1e309",
        "99999999999999999999", "0x1F", "1.5", "NaN", ".inf", "500ms", "30s", "5m", "0.1%", "101%", "512Mi", "250m",
        "canary", "rolling", "blue-green", "manual", "web", "worker", "redis", "postgres", "${PORT}", "ü", "💥",
        "\u{0}", "\u{7}", "app", "services", "strategy", "steps", "weight", "role", "health", "path", "/x",
        "&anchor [1, 2]", "<<: *a", "--- ", "...", "%YAML 1.2\n---\n", "key: value", "[a, [b, {c: d}]]",
    ]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }

    /// A document built from random fragments.
    mutating func randomDocument() -> String {
        let count = Int.random(in: 0..<40, using: &random)
        return (0..<count).map { _ in pick(Self.tokens) }.joined()
    }

    /// `seed` with one to five random edits: lines dropped, duplicated, swapped or re-indented, fragments
    /// inserted, characters deleted.
    mutating func mutate(_ seed: String) -> String {
        var lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...5, using: &random) where !lines.isEmpty {
            let index = Int.random(in: 0..<lines.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[index], at: index)
            case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &random))
            case 3: lines[index] = String(repeating: " ", count: Int.random(in: 0..<9, using: &random)) + lines[index].drop { $0 == " " }
            case 4:
                var line = Array(lines[index])
                let at = Int.random(in: 0...line.count, using: &random)
                line.insert(contentsOf: pick(Self.tokens), at: at)
                lines[index] = String(line)
            case 5:
                if let colon = lines[index].firstIndex(of: ":") {
                    lines[index] = String(lines[index][...colon]) + " " + pick(Self.tokens)
                }
            default:
                var line = Array(lines[index])
                if !line.isEmpty { line.remove(at: Int.random(in: 0..<line.count, using: &random)) }
                lines[index] = String(line)
            }
        }
        return lines.joined(separator: "\n")
    }
}
