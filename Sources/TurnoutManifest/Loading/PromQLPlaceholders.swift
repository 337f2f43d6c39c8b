import Foundation
import Yams

/// Checks the `{{name}}` placeholders of a PromQL query written in a manifest: each must be closed and name
/// one of `PrometheusSettings.placeholders`.
enum PromQLPlaceholders {
    /// What is wrong with a query's placeholders.
    struct Problem: Hashable {
        var message: String
        var hint: String
    }

    /// The first problem in `query`, or `nil` when every placeholder is known.
    static func problem(in query: String) -> Problem? {
        let known = PrometheusSettings.placeholders
        let hint = "placeholders: " + known.map { "{{\($0)}}" }.joined(separator: ", ")
        var rest = Substring(query)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return Problem(message: "a placeholder opened with '{{' is never closed with '}}'", hint: hint)
            }
            let name = String(rest[open.upperBound..<close.lowerBound])
            if !known.contains(name) {
                let suggestion = DidYouMean.suggestion(for: name.trimmingCharacters(in: .whitespaces), among: known)
                return Problem(message: "unknown placeholder '{{\(Node.clipped(name))}}'" + (suggestion.map { "; did you mean '{{\($0)}}'?" } ?? ""), hint: hint)
            }
            rest = rest[close.upperBound...]
        }
        return nil
    }
}
