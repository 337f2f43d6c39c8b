import Foundation
import TurnoutRuntime

/// Remembers the SHA-256 of executables Turnout has pinned, keyed by what `stat` says about the file (device,
/// inode, size, modification and change times to the nanosecond), the way git's index does: a file whose
/// stat is unchanged is not read again. Any write, rebuild, copy or rename over the path changes the change
/// time or the inode, and the file is hashed afresh. Hashing the bundled API's 85 MB release binary takes
/// about a second of CPU, which a deploy on a loaded host would otherwise spend every time.
///
/// Kept in `STATE/releases/digests.json`, written atomically; an unreadable cache is treated as empty.
struct FileDigestCache {
    /// What `stat` said about a file when it was hashed.
    struct Stamp: Codable, Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64

        /// The stamp of the file at `path`, or `nil` when it cannot be read.
        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }
    }

    struct Entry: Codable, Hashable {
        var stamp: Stamp
        var digest: String
    }

    let path: String
    private var entries: [String: Entry]

    /// Loads the cache at `path` (empty when missing or unreadable).
    init(path: String) {
        self.path = path
        entries = (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap { try? JSONDecoder().decode([String: Entry].self, from: $0) } ?? [:]
    }

    /// The digest of the file at `file`: remembered when its stamp is unchanged, else computed by `hash` and
    /// remembered.
    mutating func digest(of file: String, hash: (String) throws -> String) throws -> String {
        let before = Stamp(path: file)
        if let before, let entry = entries[file], entry.stamp == before { return entry.digest }
        let digest = try hash(file)
        // Remember it only if the file did not change while it was read.
        if let before, Stamp(path: file) == before { entries[file] = Entry(stamp: before, digest: digest) }
        return digest
    }

    /// Writes the cache (temp file + rename); a failure only costs a re-hash next time.
    func save() {
        guard let data = try? JSONEncoder().encode(entries) else { return }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}
