import Foundation

/// A named metric that can render itself in the Prometheus text exposition format.
public protocol MetricFamily: AnyObject, Sendable {
    /// Metric name, e.g. `http_requests_in_flight`.
    var name: String { get }
    /// Appends `# HELP`, `# TYPE` and sample lines to `output`.
    func render(into output: inout String)
}

/// Helpers for the text format.
enum PrometheusText {
    /// Formats a sample value (`+Inf`, integers without a fraction).
    static func value(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Escapes a label value (backslash, double quote, newline).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for char in text {
            switch char {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(char)
            }
        }
        return out
    }

    /// Renders `{a="x",b="y"}` (empty string when there are no labels).
    static func labels(_ names: [String], _ values: [String], extra: (String, String)? = nil) -> String {
        var pairs = zip(names, values).map { "\($0)=\"\(escape($1))\"" }
        if let extra { pairs.append("\(extra.0)=\"\(escape(extra.1))\"") }
        return pairs.isEmpty ? "" : "{" + pairs.joined(separator: ",") + "}"
    }

    /// Renders the HELP and TYPE lines.
    static func header(_ name: String, _ help: String, _ type: String) -> String {
        let escapedHelp = help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        return "# HELP \(name) \(escapedHelp)\n# TYPE \(name) \(type)\n"
    }
}
