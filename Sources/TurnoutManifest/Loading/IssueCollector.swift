import Yams

/// Gathers the issues found while reading one file, and remembers where each key path was read so that
/// cross-field rules can point at the right line.
final class IssueCollector {
    /// The file as the user named it.
    let file: String
    /// Issues in the order found.
    private(set) var issues: [ManifestIssue] = []
    /// Where each key path's value starts.
    private(set) var locations: [ManifestKeyPath: SourceLocation] = [:]

    init(file: String) { self.file = file }

    /// The location of `mark` in `file` (this collector's file by default), or of the document start.
    func location(_ mark: Mark?, in file: String? = nil) -> SourceLocation {
        SourceLocation(file: file ?? self.file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Records that the value at `path` starts at `mark` in `file`.
    func remember(_ path: ManifestKeyPath, at mark: Mark?, in file: String? = nil) {
        if locations[path] == nil { locations[path] = location(mark, in: file) }
    }

    /// Whether a value was present at `path` (valid or not).
    func wasRead(_ path: ManifestKeyPath) -> Bool { locations[path] != nil }

    /// Drops what was recorded for `path` (an override replaced it).
    func forget(_ path: ManifestKeyPath) { locations[path] = nil }

    /// The location recorded for `path`, or for its nearest recorded parent.
    func location(of path: ManifestKeyPath) -> SourceLocation {
        var components = path.components
        while true {
            if let found = locations[ManifestKeyPath(components)] { return found }
            if components.isEmpty { return SourceLocation(file: file, line: 1, column: 1) }
            components.removeLast()
        }
    }

    /// Adds an issue at `mark` in `file` (this collector's file by default).
    func add(
        _ code: IssueCode, at mark: Mark?, in file: String? = nil, path: ManifestKeyPath, _ message: String,
        hint: String? = nil, severity: ManifestIssue.Severity = .error
    ) {
        issues.append(
            ManifestIssue(
                code: code, severity: severity, location: location(mark, in: file), keyPath: path.description,
                message: message, hint: hint))
    }

    /// Adds an issue at the location recorded for `path`.
    func add(
        _ code: IssueCode, path: ManifestKeyPath, _ message: String, hint: String? = nil,
        severity: ManifestIssue.Severity = .error
    ) {
        issues.append(
            ManifestIssue(
                code: code, severity: severity, location: location(of: path), keyPath: path.description,
                message: message, hint: hint))
    }

    /// Appends issues found elsewhere (another file read on behalf of this one).
    func append(contentsOf other: [ManifestIssue]) { issues.append(contentsOf: other) }

    /// Whether any error (not warning) was found.
    var hasErrors: Bool { issues.contains { $0.severity == .error } }
}
