import Yams

/// Typed getters: each reports a clear issue and returns `nil` when the value is missing or malformed.
extension MappingReader {
    /// A text value.
    func string(_ key: String, required: String? = nil) -> String? { scalar(key, required: required) }

    /// An integer within `range`.
    func int(_ key: String, in range: ClosedRange<Int>, required: Bool = false) -> Int? {
        ranged(key, in: range, required: required, kind: "a whole number", parse: { Int($0) }, text: { String($0) })
    }

    /// A number (`2`, `1.5`) within `range`.
    func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        ranged(key, in: range, required: false, kind: "a number", parse: { Double($0).flatMap { $0.isFinite ? $0 : nil } }, text: MappingReader.text)
    }

    /// A value of `kind` within `range`: a wrong-type issue when `parse` fails, out-of-range outside it.
    private func ranged<T: Comparable>(_ key: String, in range: ClosedRange<T>, required: Bool, kind: String,
                                       parse: (String) -> T?, text: (T) -> String) -> T? {
        let expected = "\(kind) from \(text(range.lowerBound)) to \(text(range.upperBound))"
        guard let raw = scalar(key, required: required ? expected : nil) else { return nil }
        guard let value = parse(raw) else {
            problem(.wrongType, key, "expected \(expected), found '\(Node.clipped(raw))'")
            return nil
        }
        guard range.contains(value) else {
            problem(.outOfRange, key, "\(text(value)) is out of range: expected \(expected)")
            return nil
        }
        return value
    }

    /// `2` rather than `2.0`.
    static func text(_ value: Double) -> String { value == value.rounded() ? String(Int64(value)) : String(value) }

    /// `true` or `false`.
    func bool(_ key: String) -> Bool? {
        guard let text = scalar(key) else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            problem(.wrongType, key, "expected true or false, found '\(Node.clipped(text))'",
                    hint: "YAML 1.1 words such as yes/no/on/off are not accepted; write true or false")
            return nil
        }
    }

    /// A duration such as `500ms`, `30s`, `5m`, within `range`.
    func duration(_ key: String, in range: ClosedRange<TimeSpan>? = nil) -> TimeSpan? {
        guard let text = scalar(key) else { return nil }
        guard let span = TimeSpan.parse(text) else {
            problem(.invalidDuration, key, "expected a duration such as 500ms, 30s, 5m or 1h, found '\(Node.clipped(text))'",
                    hint: "write a number followed by a unit: ms, s, m or h (for example 1m30s)")
            return nil
        }
        if let range, !range.contains(span) {
            problem(.outOfRange, key, "\(span) is out of range: expected between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return span
    }

    /// A percentage such as `0.1%` or `70%`.
    func percentage(_ key: String, allowZero: Bool = true) -> Percentage? {
        guard let text = scalar(key) else { return nil }
        guard let value = Percentage.parse(text), allowZero || value.percent > 0 else {
            let low = allowZero ? "0%" : "above 0%"
            problem(.invalidPercentage, key, "expected a percentage from \(low) to 100%, such as 0.1% or 70%, found '\(Node.clipped(text))'",
                    hint: "write the number followed by %")
            return nil
        }
        return value
    }

    /// A memory size such as `512Mi` or `1Gi`.
    func size(_ key: String) -> ByteSize? {
        guard let text = scalar(key) else { return nil }
        guard let value = ByteSize.parse(text) else {
            problem(.invalidSize, key, "expected a size such as 512Mi, 1Gi, 64Ki or a number of bytes, found '\(Node.clipped(text))'",
                    hint: "binary units are Ki, Mi, Gi, Ti; decimal units are k, M, G, T")
            return nil
        }
        return value
    }

    /// A CPU amount such as `500m` or `2`.
    func cpu(_ key: String) -> CPUQuantity? {
        guard let text = scalar(key) else { return nil }
        guard let value = CPUQuantity.parse(text), value.millicores > 0 else {
            problem(.invalidCPU, key, "expected a CPU amount such as 250m (millicores) or 2 (cores), found '\(Node.clipped(text))'")
            return nil
        }
        return value
    }

    /// One of `choices`.
    func choice<T>(_ key: String, _ choices: [(String, T)], required: Bool = false) -> T? {
        let names = choices.map(\.0).joined(separator: ", ")
        guard let text = scalar(key, required: required ? "one of \(names)" : nil) else { return nil }
        if let match = choices.first(where: { $0.0 == text }) { return match.1 }
        let suggestion = DidYouMean.suggestion(for: text, among: choices.map(\.0))
        problem(.invalidValue, key, "'\(Node.clipped(text))' is not one of \(names)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        return nil
    }

    /// A count (`1`) or a share of replicas (`25%`).
    func scaleAmount(_ key: String) -> ScaleAmount? {
        guard let text = scalar(key) else { return nil }
        if let count = Int(text), count >= 0, count <= 1000 { return .count(count) }
        if let share = Percentage.parse(text) { return .percent(share) }
        problem(.invalidValue, key, "expected a number of instances (such as 1) or a share of replicas (such as 25%), found '\(Node.clipped(text))'")
        return nil
    }

    /// A list of text values; a single scalar is accepted as a one-item list when `allowSingle`.
    func stringList(_ key: String, what: String, allowSingle: Bool = false) -> [String]? {
        guard let node = value(key) else { return nil }
        if allowSingle, case .scalar(let scalar) = node { return [scalar.string] }
        guard let items = sequence(key, what: what) else { return nil }
        var values: [String] = []
        for (item, itemPath) in items {
            guard case .scalar(let scalar) = item, !item.isNull else {
                itemProblem(.wrongType, key, item: item, path: itemPath, "expected text, found \(item.kindDescription)")
                continue
            }
            values.append(scalar.string)
        }
        return values
    }
}
