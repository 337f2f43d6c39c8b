import Foundation
import Glibc
import Testing

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// Folders Turnout keeps outside the state directory: made 0700 for their user, used again only when they are
/// exactly that, refused otherwise (a planted symlink, an open mode, someone else's folder).
@Suite struct PrivateDirectoryTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func isMadeOnceAndUsedAgain() throws {
        let root = try TestSupport.makeTemporaryDirectory("private")
        defer { TestSupport.remove(root) }
        let path = root + "/mine"
        try PrivateDirectory.ensure(path, uid: geteuid(), gid: getegid())
        #expect(Self.mode(path) == 0o700)
        try PrivateDirectory.ensure(path, uid: geteuid(), gid: getegid())
        #expect(PrivateDirectory.problem(with: path, uid: geteuid()) == nil)
        PrivateDirectory.remove(path, uid: geteuid())
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anythingElseIsRefusedAndLeftAlone() throws {
        let root = try TestSupport.makeTemporaryDirectory("private")
        defer { TestSupport.remove(root) }
        let open = root + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let link = root + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: open)
        let file = root + "/file"
        FileManager.default.createFile(atPath: file, contents: Data())
        let cases = [(open, "its mode is 755, not 700"), (link, "it is a symbolic link"), (file, "it is not a directory")]
        for (path, problem) in cases {
            let error = #expect(throws: RuntimeError.self) { try PrivateDirectory.ensure(path, uid: geteuid(), gid: getegid()) }
            #expect(error?.code == .setupFailed)
            #expect(error?.message.hasSuffix(problem) == true, "\(error?.message ?? "")")
            #expect(error?.hint?.contains("rm -r \(path)") == true)
            PrivateDirectory.remove(path, uid: geteuid())
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(FileManager.default.fileExists(atPath: open + "/.") && Self.mode(open) == 0o755)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to hand a folder to another user"))
    func asRootItIsHandedToItsUserAndAnotherUsersFolderIsRefused() throws {
        let root = try TestSupport.makeTemporaryDirectory("private")
        defer { TestSupport.remove(root) }
        let postgres = try #require(getpwnam("postgres")).pointee
        let path = root + "/theirs"
        try PrivateDirectory.ensure(path, uid: postgres.pw_uid, gid: postgres.pw_gid)
        var info = stat()
        lstat(path, &info)
        #expect(info.st_uid == postgres.pw_uid && info.st_gid == postgres.pw_gid && Self.mode(path) == 0o700)
        let error = #expect(throws: RuntimeError.self) { try PrivateDirectory.ensure(path, uid: 0, gid: 0) }
        #expect(error?.message.hasSuffix("it belongs to uid \(postgres.pw_uid), not 0") == true, "\(error?.message ?? "")")
    }
}
