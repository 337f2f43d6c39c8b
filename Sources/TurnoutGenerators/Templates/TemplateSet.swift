import Foundation
import Mustache

/// The Mustache templates the renderers fill: the copies built into Turnout (from the repository's
/// `templates/` folder, see `scripts/embed-resources.py`), each optionally replaced by a file of the same
/// relative path in a directory the user names with `--templates DIR`.
///
/// Templates are rendered as plain text, never HTML-escaped: the renderers escape and validate every value
/// in Swift before it reaches a template.
public struct TemplateSet: Sendable {
    /// Where one template's text came from.
    public enum Origin: Sendable, Hashable {
        /// The copy built into Turnout.
        case embedded
        /// A file in the override directory.
        case file(String)
    }

    /// The relative paths of all templates, e.g. `nginx/nginx.conf.mustache`, sorted.
    public static var names: [String] { EmbeddedTemplates.contents.keys.sorted() }

    /// The built-in templates only (parsed once per process).
    public static let embedded = TemplateSet(sources: EmbeddedTemplates.contents, origins: [:])

    /// Template text by relative path.
    public private(set) var sources: [String: String]
    private var origins: [String: Origin]
    /// Each template parsed once, when the set is made: parsing it again for every object rendered was a
    /// fifth of the time of generating Kubernetes files.
    private var parsed: [String: Result<MustacheTemplate, any Error>]

    private init(sources: [String: String], origins: [String: Origin]) {
        self.sources = sources
        self.origins = origins
        // The pragma line is standalone, so it renders nothing; it makes an override that forgot its own
        // pragma render as text too.
        self.parsed = sources.mapValues { source in
            Result { try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + source) }
        }
    }

    /// The built-in templates, with each one that exists under `directory` (same relative path) read from there
    /// instead.
    ///
    /// - Throws: ``GeneratorError`` (`template`) when the directory does not exist, when it holds a `.mustache`
    ///   file that is not one of ``names`` (most likely a typo that would otherwise be ignored), or when a file
    ///   cannot be read.
    public init(overridesIn directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GeneratorError(.template, "the templates directory does not exist", at: directory)
        }
        var sources = EmbeddedTemplates.contents
        var origins: [String: Origin] = [:]
        let found = (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()
        for name in found {
            guard sources[name] != nil else {
                throw GeneratorError(.template, "unknown template \(name)", at: directory,
                                     hint: "templates are: " + TemplateSet.names.joined(separator: ", "))
            }
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw GeneratorError(.template, "cannot read the template as UTF-8", at: path)
            }
            sources[name] = text
            origins[name] = .file(path)
        }
        self.init(sources: sources, origins: origins)
    }

    /// Where the template `name` comes from.
    public func origin(of name: String) -> Origin { origins[name] ?? .embedded }

    /// Renders the template `name` with `view` (a value whose stored properties the template names).
    public func render(_ name: String, _ view: Any) throws -> String {
        guard let template = parsed[name] else {
            throw GeneratorError(.template, "no template \(name)", at: name)
        }
        switch template {
        case .success(let template):
            return template.render(view)
        case .failure(let error):
            let location: String
            switch origin(of: name) {
            case .embedded: location = "templates/\(name)"
            case .file(let path): location = path
            }
            throw GeneratorError(.template, "the template does not parse: \(error)", at: location)
        }
    }
}
