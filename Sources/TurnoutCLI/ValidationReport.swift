import Foundation
import TurnoutManifest

/// The outcome of validating one file, printable for people or as JSON.
struct ValidationReport: Encodable {
    var file: String
    var kind: String
    var valid: Bool
    var summary: String?
    var issues: [ManifestIssue]

    /// Validates `file` as a manifest, or as a strategy file when it looks like one.
    static func check(file: String, loader: ManifestLoader) -> ValidationReport {
        if let text = try? String(contentsOfFile: file, encoding: .utf8), looksLikeStrategy(text) {
            let (strategy, issues) = loader.loadStrategy(yaml: text, file: file)
            return ValidationReport(
                file: file, kind: "strategy", valid: strategy != nil, summary: strategy.map { "\($0.kindName) strategy" },
                issues: issues)
        }
        let result = loader.load(path: file)
        let summary = result.manifest.map { manifest in
            "app \(manifest.app), \(manifest.services.count) services, \(manifest.runtime.rawValue) runtime, "
                + "\(manifest.strategy.kindName) strategy from \(manifest.strategySource)"
        }
        return ValidationReport(file: file, kind: "manifest", valid: result.manifest != nil, summary: summary, issues: result.issues)
    }

    /// A strategy file has a top-level `type:` key and no `app:` key.
    static func looksLikeStrategy(_ text: String) -> Bool {
        let lines = text.split(separator: "\n")
        return lines.contains { $0.hasPrefix("type:") } && !lines.contains { $0.hasPrefix("app:") }
    }

    /// The report for people: every issue, then a verdict line.
    var text: String {
        var lines = issues.map(\.description)
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.count - errors
        if valid {
            lines.append("\(file): valid \(kind)" + (summary.map { " (\($0))" } ?? "") + (warnings > 0 ? ", \(warnings) warning(s)" : ""))
        } else {
            lines.append("\(file): \(errors) error\(errors == 1 ? "" : "s")" + (warnings > 0 ? ", \(warnings) warning(s)" : ""))
        }
        return lines.joined(separator: "\n")
    }

    /// All reports as one JSON document: `{"valid": Bool, "files": [...]}`.
    static func json(_ reports: [ValidationReport]) throws -> String {
        struct Document: Encodable {
            var valid: Bool
            var files: [ValidationReport]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(valid: reports.allSatisfy(\.valid), files: reports))
        return String(decoding: data, as: UTF8.self)
    }
}
