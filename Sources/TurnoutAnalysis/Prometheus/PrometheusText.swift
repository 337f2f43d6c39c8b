/// The Prometheus text exposition format (version 0.0.4): a tolerant parser and a renderer.
///
/// The parser reads `# HELP` and `# TYPE` lines, samples with labels (values escaped with `\\`, `\"` and
/// `\n`), values including `+Inf`, `-Inf` and `NaN`, and optional millisecond timestamps. A malformed line is
/// reported as an issue with its line number and skipped; parsing never traps, whatever the input.
public enum PrometheusText {
    /// Parses a whole page.
    public static func parse(_ text: String) -> PrometheusDocument {
        var document = PrometheusDocument()
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Array(rawLine)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            var scanner = PrometheusLineScanner(line)
            scanner.skipBlanks()
            if scanner.atEnd { continue }
            do throws(PrometheusLineScanner.Failure) {
                if scanner.peek == UInt8(ascii: "#") {
                    try readComment(&scanner, into: &document)
                } else {
                    document.samples.append(try scanner.sample())
                }
            } catch {
                document.issues.append(PrometheusIssue(line: lineNumber, message: error.message))
            }
        }
        return document
    }

    /// Parses a sample value: a decimal or exponent float, `+Inf`/`Inf`, `-Inf` or `NaN` (any case), as Go's
    /// `strconv.ParseFloat` accepts them; `nil` for anything else.
    public static func parseValue<S: StringProtocol>(_ text: S) -> Double? {
        let lowered = text.lowercased()
        switch lowered {
        case "+inf", "inf", "+infinity", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        // Swift's Double(String) also accepts hex floats and "inf"/"nan" spellings; keep to decimal forms.
        guard !lowered.isEmpty, lowered.utf8.allSatisfy({ PrometheusLineScanner.isNumberByte($0) }),
              lowered.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              !lowered.contains("x") else { return nil }
        return Double(lowered)
    }

    /// Renders a value the way Prometheus clients do (`+Inf`, `-Inf`, `NaN`, shortest round-trip decimal).
    public static func renderValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Escapes a label value: backslash, double quote and newline.
    public static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Renders one sample line (labels sorted by name, no trailing newline).
    public static func render(_ sample: PrometheusSample) -> String {
        var line = sample.name
        if !sample.labels.isEmpty {
            let pairs = sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escapeLabelValue($0.value))\"" }
            line += "{" + pairs.joined(separator: ",") + "}"
        }
        line += " " + renderValue(sample.value)
        if let timestamp = sample.timestamp { line += " \(timestamp)" }
        return line
    }

    /// Reads a comment line: HELP and TYPE update the families, anything else is ignored.
    private static func readComment(_ scanner: inout PrometheusLineScanner, into document: inout PrometheusDocument) throws(PrometheusLineScanner.Failure) {
        scanner.advance()  // '#'
        scanner.skipBlanks()
        let keyword = scanner.word()
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        guard scanner.skipBlanks() > 0 else { return }  // "#HELPER ..." style comment
        let name = try scanner.metricName()
        let hadSpace = scanner.skipBlanks() > 0
        var family = document.families[name] ?? PrometheusFamily(name: name)
        guard hadSpace || scanner.atEnd else { throw .init("expected a space after the metric name in \(keyword)") }
        if keyword == "HELP" {
            guard family.help == nil else { throw .init("second HELP line for \(name)") }
            family.help = scanner.restUnescapingHelp()
        } else {
            let word = scanner.word()
            scanner.skipBlanks()
            guard !word.isEmpty else { throw .init("expected a type after TYPE \(name)") }
            guard scanner.atEnd else { throw .init("unexpected text after TYPE \(name) \(word)") }
            guard let type = PrometheusMetricType(rawValue: word) else { throw .init("unknown metric type \"\(word)\" for \(name)") }
            guard family.type == .untyped else { throw .init("second TYPE line for \(name)") }
            family.type = type
        }
        document.families[name] = family
    }
}
