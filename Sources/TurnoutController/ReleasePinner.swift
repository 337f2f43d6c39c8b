import Crypto
import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState

/// Turns a manifest into an immutable revision: resolves each service's executable, stores it once by
/// content under `STATE/releases/blobs/SHA256`, links it into `STATE/releases/rN/SERVICE/`, and computes the
/// revision's digest over the manifest text and every executable. A later rebuild of the executable cannot
/// change a pinned revision, so `turnout rollback` starts exactly what was deployed.
struct ReleasePinner {
    let layout: StateLayout
    let resolver: ExecutableResolver

    /// Pins `manifest` as revision `number`.
    func pin(
        _ manifest: Manifest, number: Int, manifestText: String, manifestPath: String, versionLabel: String,
        strategyDirectories: [String], strategyOverride: String?
    ) throws -> RevisionRecord {
        var hasher = SHA256()
        hasher.update(data: Data(manifestText.utf8))
        let baseDirectory = (manifestPath as NSString).deletingLastPathComponent
        var services: [String: RevisionRecord.ServiceRelease] = [:]
        var digests = FileDigestCache(path: layout.releases + "/digests.json")
        defer { digests.save() }
        for service in manifest.services {
            guard let executable = service.command.first else {
                services[service.name] = .init(command: [], image: service.image)
                continue
            }
            let source = try resolver.resolve(executable, relativeTo: baseDirectory.isEmpty ? "." : baseDirectory)
            let (blob, digest) = try storeBlob(source, digests: &digests)
            hasher.update(data: Data("\(service.name)\0\(digest)\0".utf8))
            let directory = layout.release(number, service: service.name)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let pinned = directory + "/" + (source as NSString).lastPathComponent
            try? FileManager.default.removeItem(atPath: pinned)
            if link(blob, pinned) != 0 { try FileManager.default.copyItem(atPath: blob, toPath: pinned) }
            services[service.name] = .init(command: [pinned] + service.command.dropFirst(), image: service.image)
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        var record = RevisionRecord(
            number: number, app: manifest.app, versionLabel: versionLabel, digest: digest, manifestText: manifestText,
            manifestPath: manifestPath, services: services, createdAt: Date())
        record.strategyDirectories = strategyDirectories
        record.strategyOverride = strategyOverride
        return record
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
                throw ControllerError("cannot store \(source) in \(blobs): \(String(cString: strerror(errno)))")
            }
        }
        return (blob, digest)
    }

    /// SHA-256 of a file, read in 1 MiB chunks.
    static func sha256(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ControllerError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Deletes the pinned folders of revisions no longer kept, and blobs no revision links to.
    func prune(keeping numbers: Set<Int>) {
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
