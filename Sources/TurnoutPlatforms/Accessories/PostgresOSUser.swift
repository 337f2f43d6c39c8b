import Foundation
import TurnoutRuntime
import Glibc

/// The operating-system user a managed PostgreSQL runs as: Turnout's own user, or, when Turnout is root
/// (initdb and postgres refuse to run as root), the `postgres` user, through `runuser -u postgres --`.
struct PostgresOSUser: Sendable, Hashable {
    /// The name of the user PostgreSQL runs as when Turnout is root.
    static let systemUser = "postgres"

    /// The user's ID.
    var uid: uid_t
    /// The user's primary group.
    var gid: gid_t
    /// `runuser`, when commands must switch to the user (Turnout is root); `nil` when they run as Turnout.
    var runuser: String?

    /// Turnout's own user when it is not root, the `postgres` user otherwise.
    static func current(resolver: ExecutableResolver) throws -> PostgresOSUser {
        guard geteuid() == 0 else { return PostgresOSUser(uid: geteuid(), gid: getegid(), runuser: nil) }
        guard let entry = getpwnam(systemUser) else {
            throw RuntimeError(
                .setupFailed, "running as root, but there is no \(systemUser) user to run PostgreSQL as",
                hint: "install the postgresql package, or run turnout as an ordinary user")
        }
        let runuser =
            (try? resolver.resolve("runuser", relativeTo: "/"))
            ?? (ExecutableResolver.isExecutableFile("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser")
        return PostgresOSUser(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, runuser: runuser)
    }

    /// Whether commands switch user (Turnout is root).
    var switches: Bool { runuser != nil }

    /// `argv` as this user would run it: unchanged, or through `runuser -u postgres --`.
    func argv(_ argv: [String]) -> [String] {
        guard let runuser else { return argv }
        return AccessoryCommands.asUser(Self.systemUser, runuser: runuser, argv)
    }

    /// Hands `path` and everything below it to the user (nothing to do when PostgreSQL runs as Turnout).
    func takeOwnership(of path: String) throws {
        guard switches else { return }
        try Self.chownRecursively(path, uid: uid, gid: gid)
    }

    private static func chownRecursively(_ path: String, uid: uid_t, gid: gid_t) throws {
        guard lchown(path, uid, gid) == 0 else {
            throw RuntimeError(.setupFailed, "cannot chown \(path): \(String(cString: strerror(errno)))")
        }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for child in children {
            let full = (path as NSString).appendingPathComponent(child)
            var info = stat()
            if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                try chownRecursively(full, uid: uid, gid: gid)
            } else {
                lchown(full, uid, gid)
            }
        }
    }
}
