import Foundation

/// Writes generated files under an output directory, each atomically: the text goes to a temporary file in
/// the same directory, which is then renamed over the destination, so a reader (nginx reloading, a person)
/// never sees half a file.
public struct GeneratedFileWriter: Sendable {
    /// The directory the files' relative paths are resolved against.
    public var outputDirectory: URL

    /// Creates a writer for `outputDirectory` (created when missing).
    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory
    }

    /// Writes every file and returns the absolute paths written, in the order given.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws -> [URL] {
        try files.map(write)
    }

    /// Writes one file atomically and returns its absolute path.
    public func write(_ file: GeneratedFile) throws -> URL {
        let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
        guard !file.path.hasPrefix("/"), !components.isEmpty,
              components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw GeneratorError(.write, "refusing to write outside the output directory", at: file.path)
        }
        let destination = components.reduce(outputDirectory) { $0.appendingPathComponent(String($1)) }
        let directory = destination.deletingLastPathComponent()
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
            try Data(file.contents.utf8).write(to: temporary)
            if rename(temporary.path, destination.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? manager.removeItem(at: temporary)
                throw GeneratorError(.write, "cannot move the new file into place: \(reason)", at: destination.path)
            }
        } catch let error as GeneratorError {
            throw error
        } catch {
            throw GeneratorError(.write, "cannot write: \(error.localizedDescription)", at: destination.path)
        }
        return destination
    }
}
