import Foundation
import Testing

/// Runs the real validators (nginx, docker-compose, kubernetes-validate, python3) as child processes with
/// argv arrays. A missing tool is a test failure, never a skip: CI installs them.
enum ExternalTool {
    struct Result {
        let status: Int32
        let output: String
    }

    /// The absolute path of `name` on PATH (plus /usr/sbin and /usr/local/sbin, where nginx lives), or `nil`.
    static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin", "/sbin"]
        return directories.map { ($0 as NSString).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `name` (a tool on PATH, or an absolute path) with `arguments` and `environment` added to this
    /// process's, recording an issue and returning `nil` when the tool is missing.
    static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Result? {
        guard let executable = name.hasPrefix("/") ? name : locate(name) else {
            Issue.record("\(name) is not installed (not on PATH); the generator tests need it", sourceLocation: sourceLocation)
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// The repository's root folder.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("turnout-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The Kubernetes versions kubernetes-validate bundles schemas for, sorted oldest first (e.g. `1.30.0`).
    static func bundledKubernetesVersions() throws -> [String] {
        let script = """
        import kubernetes_validate, os
        base = os.path.join(os.path.dirname(kubernetes_validate.__file__), "kubernetes-json-schema")
        print("\\n".join(d[1:-len("-local")] for d in os.listdir(base) if d.startswith("v") and d.endswith("-local")))
        """
        guard let result = try run("python3", ["-c", script]), result.status == 0 else { return [] }
        return result.output.split(separator: "\n").map(String.init).sorted {
            $0.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes($1.split(separator: ".").compactMap { Int($0) })
        }
    }

    /// Writes `text` as nginx.conf under a fresh prefix and expects `nginx -t` to accept it.
    static func expectNginxAccepts(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let prefix = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let config = prefix.appendingPathComponent("nginx.conf")
        try Data(text.utf8).write(to: config)
        guard let result = try run("nginx", ["-t", "-e", "stderr", "-p", prefix.path + "/", "-c", config.path], sourceLocation: sourceLocation)
        else { return }
        #expect(result.status == 0, "nginx -t failed: \(result.output)", sourceLocation: sourceLocation)
    }
}
