import Foundation
import TurnoutRuntime
import Glibc

/// A directory only its owner may enter (mode 0700), for the files Turnout keeps outside the state directory
/// (a PostgreSQL socket directory in `/tmp`, a cluster under `/var/lib/turnout`).
///
/// Their names are predictable, so an existing one is used only when it is already what Turnout would have
/// made: a real directory (not a symbolic link), owned by the expected user, closed to group and others.
/// Anything else is refused, never adjusted, so a directory planted by someone else can at worst stop a
/// start, not receive a server's socket or data.
enum PrivateDirectory {
    /// Makes `path` (whose parent must exist) a directory owned by `uid:gid` with mode 0700, or checks that
    /// it already is one.
    static func ensure(_ path: String, uid: uid_t, gid: gid_t) throws {
        if mkdir(path, 0o700) == 0 {
            guard uid == geteuid() || chown(path, uid, gid) == 0 else {
                let reason = String(cString: strerror(errno))
                rmdir(path)
                throw RuntimeError(.setupFailed, "cannot hand \(path) to uid \(uid): \(reason)")
            }
            return
        }
        guard errno == EEXIST else {
            throw RuntimeError(
                .setupFailed, "cannot create \(path): \(String(cString: strerror(errno)))",
                hint: "check that \((path as NSString).deletingLastPathComponent) exists and is writable")
        }
        if let problem = problem(with: path, uid: uid) {
            throw RuntimeError(
                .setupFailed, "\(path) exists but is not a private directory Turnout made: \(problem)",
                hint: "remove it (rm -r \(path)) if nothing uses it, then run the command again")
        }
    }

    /// Why the existing `path` is not a private directory of `uid`, or `nil` when it is one.
    static func problem(with path: String, uid: uid_t) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return String(cString: strerror(errno)) }
        if (info.st_mode & S_IFMT) == S_IFLNK { return "it is a symbolic link" }
        if (info.st_mode & S_IFMT) != S_IFDIR { return "it is not a directory" }
        if info.st_uid != uid { return "it belongs to uid \(info.st_uid), not \(uid)" }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 { return "its mode is \(String(mode, radix: 8)), not 700" }
        return nil
    }

    /// Removes `path` and what it holds when it is a private directory of `uid`; leaves anything else alone.
    static func remove(_ path: String, uid: uid_t) {
        guard problem(with: path, uid: uid) == nil else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
