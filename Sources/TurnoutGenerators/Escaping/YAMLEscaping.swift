/// Escaping for values written into YAML (compose and Kubernetes files).
///
/// Every string from a manifest is written as a YAML double-quoted scalar, the one YAML style in which any
/// text can be represented: `\`, `"` and all control and line-break characters are escaped, so a value can
/// never end the scalar, start a new key (`: `), a comment (`#`), or a new document.
public enum YAMLEscaping {
    /// `text` as a YAML double-quoted scalar.
    public static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                // C0 and C1 controls, DEL, NEL, the line and paragraph separators, the BOM, and lone
                // surrogates cannot be trusted raw: parsers fold or reject them.
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                    || value == 0xFEFF {
                    result += "\\u" + hex4(value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `text` as a double-quoted scalar for a compose file: as ``doubleQuoted(_:)``, with `$` doubled first,
    /// because compose interpolates `$VAR` and `${VAR}` inside every string, quoted or not.
    public static func composeQuoted(_ text: String) -> String {
        doubleQuoted(text.replacingOccurrences(of: "$", with: "$$"))
    }

    /// An inline YAML flow sequence of double-quoted scalars, e.g. `["a", "b"]`.
    public static func flowSequence(_ items: [String], compose: Bool) -> String {
        "[" + items.map { compose ? composeQuoted($0) : doubleQuoted($0) }.joined(separator: ", ") + "]"
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
