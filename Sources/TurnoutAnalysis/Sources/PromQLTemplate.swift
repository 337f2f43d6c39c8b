import TurnoutManifest

/// A PromQL query with placeholders: `{{revision}}`, `{{service}}` (escaped for use inside a double-quoted
/// label matcher) and `{{window}}` (a range such as `30s`).
public struct PromQLTemplate: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The query text with placeholders.
    public var text: String

    /// Creates a template.
    public init(_ text: String) { self.text = text }

    /// Creates a template from a literal.
    public init(stringLiteral value: String) { self.text = value }

    /// Whether the query depends on the revision (and so runs once per revision).
    public var mentionsRevision: Bool { text.contains("{{revision}}") }

    /// The query with placeholders filled in.
    public func render(revision: String?, service: String, window: TimeSpan) -> String {
        var query = text
        if let revision { query = query.replacingOccurrences(of: "{{revision}}", with: Self.escape(revision)) }
        query = query.replacingOccurrences(of: "{{service}}", with: Self.escape(service))
        return query.replacingOccurrences(of: "{{window}}", with: Self.range(window))
    }

    /// A PromQL range for a span: whole seconds or milliseconds (`30s`, `1500ms`), at least `1ms`.
    public static func range(_ span: TimeSpan) -> String {
        let milliseconds = max(1, span.milliseconds)
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    /// Escapes text for a double-quoted PromQL string.
    public static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Percent-encodes a query-string value (everything but RFC 3986 unreserved characters).
    public static func urlEncode(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
