/// Image references as Docker reads them: `REPOSITORY[:TAG]`.
public enum ImageTag {
    /// Whether `tag` is a valid tag: letters, digits, `.`, `_` and `-`, at most 128, starting with a letter,
    /// digit or `_`.
    public static func isValid(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128 else { return false }
        let allowed = { (c: Unicode.Scalar) in c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "._-".unicodeScalars.contains(c)) }
        return tag.unicodeScalars.allSatisfy(allowed) && first != "." && first != "-"
    }

    /// The tag of `reference` when its repository is `repository` (no tag: `latest`); `nil` otherwise.
    public static func tag(of reference: String, repository: String) -> String? {
        let lastSlash = reference.lastIndex(of: "/").map { reference.index(after: $0) } ?? reference.startIndex
        let name = reference[lastSlash...]
        guard let colon = name.lastIndex(of: ":") else { return name == repository ? "latest" : nil }
        return name[..<colon] == repository ? String(name[name.index(after: colon)...]) : nil
    }
}
