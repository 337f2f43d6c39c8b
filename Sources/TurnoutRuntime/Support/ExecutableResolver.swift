import Foundation
import Glibc

/// Finds the file an argv's first word names, the way the local runtime documents it.
///
/// - A path with a `/` is used as is when absolute, otherwise resolved against the base directory.
/// - A bare name is looked for first next to the running turnout executable (the directory of `/proc/self/exe`,
///   where the bundled `turnout-api` and `turnout-worker` are built), then in each `PATH` entry.
public struct ExecutableResolver: Sendable, Hashable {
    /// Directories searched for bare names, in order.
    public var searchDirectories: [String]

    /// Creates a resolver that searches `searchDirectories`.
    public init(searchDirectories: [String]) { self.searchDirectories = searchDirectories }

    /// The default search order: the turnout executable's own directory, then `PATH`.
    public static func standard(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> ExecutableResolver {
        var directories: [String] = []
        if let own = ownExecutableDirectory() { directories.append(own) }
        let pathEntries = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        directories += pathEntries.filter { !$0.isEmpty }
        return ExecutableResolver(searchDirectories: directories)
    }

    /// The directory holding the running executable, read from `/proc/self/exe`.
    public static func ownExecutableDirectory() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        return (target as NSString).deletingLastPathComponent
    }

    /// The absolute path of the executable `name`, or an `executableNotFound` error listing where it looked.
    public func resolve(_ name: String, relativeTo baseDirectory: String) throws -> String {
        guard !name.isEmpty else { throw RuntimeError(.emptyCommand, "the command has no executable") }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : (baseDirectory as NSString).appendingPathComponent(name)
            let standardized = (path as NSString).standardizingPath
            guard Self.isExecutableFile(standardized) else {
                throw RuntimeError(
                    .executableNotFound, "\(standardized) does not exist or is not an executable file",
                    hint: "check the service's command")
            }
            return standardized
        }
        for directory in searchDirectories {
            let candidate = (directory as NSString).appendingPathComponent(name)
            if Self.isExecutableFile(candidate) { return candidate }
        }
        throw RuntimeError(
            .executableNotFound, "\(name) was not found in \(searchDirectories.joined(separator: ":"))",
            hint: "build it next to turnout, install it on PATH, or give an absolute path")
    }

    /// Whether `path` is a regular file this process may execute.
    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
