import Foundation

/// A path from a document's root to a value, rendered as `services.api.health.interval` or
/// `strategy.steps[2].weight`.
public struct ManifestKeyPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// Creates a path from components; the empty path is the root.
    public init(_ components: [Component] = []) { self.components = components }

    /// The root of a document.
    public static let root = ManifestKeyPath()

    /// This path with `key` appended.
    public func appending(_ key: String) -> ManifestKeyPath { ManifestKeyPath(components + [.key(key)]) }

    /// This path with a sequence `index` appended.
    public func appending(index: Int) -> ManifestKeyPath { ManifestKeyPath(components + [.index(index)]) }

    /// Dotted text; keys that are not plain identifiers are quoted.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                let plain = !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }
                let shown = plain ? key : "\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\""
                text += text.isEmpty ? shown : ".\(shown)"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
