import TurnoutManifest

/// Escaping for values written into nginx configuration.
///
/// nginx has no way to escape `$` inside a string that is subject to variable expansion, and a newline, `;`,
/// `{` or `}` outside quotes ends or opens a directive. So values are either validated against a strict
/// grammar (names, hosts, paths: see ``ValueChecks``) or written as double-quoted strings with `\` and `"`
/// escaped, and refused when they hold `$` or control characters.
public enum NginxEscaping {
    /// `text` as an nginx double-quoted string, e.g. `"a \"b\""`.
    ///
    /// - Throws: ``GeneratorError`` (`unsafeValue`) when `text` holds a control character (a newline would end
    ///   the directive in error messages and logs) or `$` (nginx would expand it as a variable).
    public static func quoted(_ text: String, at location: String) throws -> String {
        guard NameRules.isPrintable(text), !text.unicodeScalars.contains("\t") else {
            throw GeneratorError(.unsafeValue, "control characters cannot be written into nginx configuration",
                                 at: location, hint: "remove newlines and tabs")
        }
        guard !text.contains("$") else {
            throw GeneratorError(.unsafeValue, "`$` would be expanded as an nginx variable", at: location,
                                 hint: "remove the `$`")
        }
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            default: result.append(character)
            }
        }
        return result + "\""
    }

    /// Whether `text` can stand unquoted as one nginx directive argument without changing the directive's
    /// structure: non-empty, printable ASCII with none of `;{}"'#$\` and no whitespace.
    public static func isBareWord(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !";{}\"'#$\\".utf8.contains(byte)
        }
    }
}
