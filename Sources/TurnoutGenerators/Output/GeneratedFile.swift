/// One file a renderer produced: where it goes (relative to the output directory) and its text.
public struct GeneratedFile: Sendable, Hashable {
    /// The path relative to the output directory, with `/` separators, e.g. `nginx/nginx.conf`.
    public var path: String
    /// The file's full contents.
    public var contents: String

    /// Creates a generated file.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
