import Crypto
import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The local platform's release pinning: resolves each service's executable, stores it once by content under
/// `STATE/releases/blobs/SHA256`, links it into `STATE/releases/rN/SERVICE/`, and gives the revision's digest
/// each executable's hash. A later rebuild of the executable cannot change a pinned revision, so
/// `turnout rollback` starts exactly what was deployed. Instances run from the manifest's folder, so that
/// relative paths in commands mean what they mean there.
public struct ReleasePinner: ReleasePinning {
    let layout: StateLayout
    let resolver: ExecutableResolver

    /// Creates the pinner for the state directory `layout`.
    public init(layout: StateLayout, resolver: ExecutableResolver = .standard()) {
        self.layout = layout
        self.resolver = resolver
    }

    /// Pins `manifest` as revision `number`.
    public func pin(_ manifest: Manifest, number: Int, manifestPath: String) throws -> PinnedRelease {
        let baseDirectory = (manifestPath as NSString).deletingLastPathComponent
        let workingDirectory = baseDirectory.isEmpty || !FileManager.default.fileExists(atPath: baseDirectory) ? layout.root : baseDirectory
        var workloads: [String: InstanceSpec.Workload] = [:]
        var parts: [String] = []
        var digests = FileDigestCache(path: layout.releases + "/digests.json")
        defer { digests.save() }
        for service in manifest.services {
            guard let executable = service.command.first else {
                if let image = service.image { workloads[service.name] = .image(image, command: []) }
                continue
            }
            let source = try resolver.resolve(executable, relativeTo: baseDirectory.isEmpty ? "." : baseDirectory)
            let (blob, digest) = try storeBlob(source, digests: &digests)
            parts.append("\(service.name)\0\(digest)\0")
            let directory = layout.release(number, service: service.name)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let pinned = directory + "/" + (source as NSString).lastPathComponent
            try? FileManager.default.removeItem(atPath: pinned)
            if link(blob, pinned) != 0 { try FileManager.default.copyItem(atPath: blob, toPath: pinned) }
            workloads[service.name] = .command(argv: [pinned] + service.command.dropFirst(), workingDirectory: workingDirectory)
        }
        return PinnedRelease(workloads: workloads, digestParts: parts)
    }

    /// Copies `source` into the content-addressed blob store (once per content) and returns its path and hash
    /// (hashed only when the file changed since it was last pinned).
    private func storeBlob(_ source: String, digests: inout FileDigestCache) throws -> (path: String, digest: String) {
        let digest = try digests.digest(of: source, hash: Self.sha256(ofFileAt:))
        let blobs = layout.releases + "/blobs"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        let blob = blobs + "/" + digest
        if !FileManager.default.fileExists(atPath: blob) {
            let temporary = blob + ".tmp-\(getpid())"
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
            chmod(temporary, 0o555)
            guard rename(temporary, blob) == 0 else {
                throw RuntimeError(.setupFailed, "cannot store \(source) in \(blobs): \(String(cString: strerror(errno)))")
            }
        }
        return (blob, digest)
    }

    /// SHA-256 of a file, read in 1 MiB chunks.
    static func sha256(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw RuntimeError(.setupFailed, "cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Deletes the pinned folders of revisions no longer kept, and blobs no revision links to.
    public func prune(keeping numbers: Set<Int>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.releases)) ?? []
        for name in names where name.hasPrefix("r") {
            if let number = Int(name.dropFirst()), !numbers.contains(number) {
                try? FileManager.default.removeItem(atPath: layout.releases + "/" + name)
            }
        }
        let blobs = layout.releases + "/blobs"
        for blob in (try? FileManager.default.contentsOfDirectory(atPath: blobs)) ?? [] {
            var info = stat()
            if stat(blobs + "/" + blob, &info) == 0, info.st_nlink <= 1 { try? FileManager.default.removeItem(atPath: blobs + "/" + blob) }
        }
    }
}
