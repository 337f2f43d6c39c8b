import Foundation
import TurnoutManifest
import TurnoutRuntime

/// Builds the bundled images on the local engine, without a registry: `turnout-api:TAG` and
/// `turnout-worker:TAG`, each FROM scratch with the binary (the one beside the running turnout executable, so
/// a release turnout builds from release binaries) and its `ldd` closure (loader, glibc, libhiredis, the Swift
/// runtime), a passwd and group file, and nothing else: no shell, so health checks are exec-form or from
/// outside. The context is a tar archive sent to the engine's `/build` (the classic builder: this engine has no
/// BuildKit).
public struct ImageBuilder: Sendable {
    /// One bundled image.
    public struct Product: Sendable, Hashable {
        /// The executable and image name.
        public var name: String
        /// Environment baked into the image (the server binds every interface inside a container).
        public var environment: [String: String]
        /// The port it documents.
        public var exposedPort: Int
    }

    /// The two bundled images.
    public static let products = [
        Product(name: "turnout-api", environment: ["TURNOUT_HOST": "0.0.0.0", "TURNOUT_PORT": "8080"], exposedPort: 8080),
        Product(name: "turnout-worker", environment: ["TURNOUT_METRICS_HOST": "0.0.0.0", "TURNOUT_METRICS_PORT": "9100"], exposedPort: 9100),
    ]

    /// The engine built on.
    public let engine: DockerEngine
    /// Where the binaries are (beside the running turnout by default).
    public let binaryDirectory: String
    /// Runs `ldd`.
    public let runner: CommandRunner

    /// Creates a builder.
    public init(engine: DockerEngine = DockerEngine(), binaryDirectory: String = ExecutableResolver.ownExecutableDirectory() ?? ".", runner: CommandRunner = CommandRunner()) {
        self.engine = engine
        self.binaryDirectory = binaryDirectory
        self.runner = runner
    }

    /// Builds `product` as `product.name:tag`; returns the image ID.
    public func build(_ product: Product, tag: String) async throws -> (id: String, bytes: Int) {
        let binary = binaryDirectory + "/" + product.name
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw RuntimeError(.executableNotFound, "\(binary) does not exist", hint: "build it first: swift build --product \(product.name)")
        }
        let libraries = try await closure(of: binary)
        var archive = TarArchive()
        var directories: Set<String> = []
        func addParents(_ path: String) throws {
            var parents: [String] = []
            var current = (path as NSString).deletingLastPathComponent
            while current != "/" && !current.isEmpty && !directories.contains(current) {
                parents.append(current)
                current = (current as NSString).deletingLastPathComponent
            }
            for directory in parents.reversed() {
                try archive.addDirectory("rootfs" + directory)
                directories.insert(directory)
            }
        }
        var size = 0
        for (source, target, mode) in [(binary, "/usr/local/bin/\(product.name)", 0o755)] + libraries.map({ ($0, $0, 0o755) }) {
            let contents = try Self.read(source)
            size += contents.count
            try addParents(target)
            try archive.addFile("rootfs" + target, contents: contents, mode: mode)
        }
        try addParents("/etc/passwd")
        try archive.addFile("rootfs/etc/passwd", contents: Array("root:x:0:0:root:/:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n".utf8))
        try archive.addFile("rootfs/etc/group", contents: Array("root:x:0:\nnogroup:x:65534:\n".utf8))
        try archive.addFile("rootfs/etc/nsswitch.conf", contents: Array("hosts: files dns\n".utf8))
        try archive.addDirectory("rootfs/tmp", mode: 0o1777)
        try archive.addFile("Dockerfile", contents: Array(Self.dockerfile(product, tag: tag).utf8))
        let built = try await engine.build(context: archive.finished, tag: "\(product.name):\(tag)",
                                           labels: ["org.opencontainers.image.version": tag, "io.turnout.product": product.name])
        return (built.id, size)
    }

    /// The Dockerfile of `product`.
    static func dockerfile(_ product: Product, tag: String) -> String {
        let environment = (product.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + ["TURNOUT_VERSION=\(tag)"]).joined(separator: " ")
        return """
            FROM scratch
            COPY rootfs/ /
            ENV \(environment)
            EXPOSE \(product.exposedPort)
            USER 65534:65534
            STOPSIGNAL SIGTERM
            ENTRYPOINT ["/usr/local/bin/\(product.name)"]

            """
    }

    /// The shared libraries `binary` loads (the `=> /path` lines of `ldd`, and the loader's own line), following
    /// symbolic links to their files.
    func closure(of binary: String) async throws -> [String] {
        let output = "/tmp/turnout-ldd-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let ending = try await runner.run(["ldd", binary], output: .appendToFile(output), timeout: .seconds(30))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard ending.succeeded, !text.contains("not found") else {
            throw RuntimeError(.commandFailed, "ldd \(binary) failed or found unresolved libraries:\n\(text)")
        }
        return Self.libraries(inLdd: text)
    }

    /// The library paths in `ldd`'s output.
    static func libraries(inLdd text: String) -> [String] {
        var paths: Set<String> = []
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count, words[arrow + 1].hasPrefix("/") {
                paths.insert(String(words[arrow + 1]))
            } else if let first = words.first, first.hasPrefix("/") {
                paths.insert(String(first))
            }
        }
        return paths.sorted()
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: (path as NSString).resolvingSymlinksInPath) else {
            throw RuntimeError(.setupFailed, "cannot read \(path)")
        }
        return Array(data)
    }
}
