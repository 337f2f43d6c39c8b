import Crypto
import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutState

extension RevisionRecord {
    /// The immutable record of revision `number`: what the platform pinned for each service, and a digest over
    /// the manifest text and every pinned part (executables' or images' digests).
    static func pinned(
        _ manifest: Manifest, number: Int, release: PinnedRelease, manifestText: String, manifestPath: String, versionLabel: String,
        strategyDirectories: [String], strategyOverride: String?
    ) throws -> RevisionRecord {
        var hasher = SHA256()
        hasher.update(data: Data(manifestText.utf8))
        for part in release.digestParts { hasher.update(data: Data(part.utf8)) }
        var services: [String: ServiceRelease] = [:]
        for service in manifest.services {
            switch release.workloads[service.name] {
            case .command(let argv, let directory): services[service.name] = ServiceRelease(command: argv, image: service.image, workingDirectory: directory)
            case .image(let image, let command): services[service.name] = ServiceRelease(command: command, image: image, runsImage: true)
            case nil: services[service.name] = ServiceRelease(command: [], image: service.image)
            }
        }
        var record = RevisionRecord(
            number: number, app: manifest.app, versionLabel: versionLabel, digest: hasher.finalize().map { String(format: "%02x", $0) }.joined(),
            manifestText: manifestText, manifestPath: manifestPath, services: services, createdAt: Date())
        record.strategyDirectories = strategyDirectories
        record.strategyOverride = strategyOverride
        return record
    }

    /// What `service`'s instances run in this revision: its pinned image (with the manifest's command, if any)
    /// when the platform pinned an image, else its pinned command from its working directory (the manifest's
    /// folder for records written before it was kept), else its image; `nil` when neither.
    func workload(of service: String) -> InstanceSpec.Workload? {
        guard let release = services[service] else { return nil }
        if release.runsImage == true, let image = release.image { return .image(image, command: release.command) }
        if !release.command.isEmpty {
            return .command(argv: release.command, workingDirectory: release.workingDirectory ?? (manifestPath as NSString).deletingLastPathComponent)
        }
        return release.image.map { .image($0, command: []) }
    }
}
