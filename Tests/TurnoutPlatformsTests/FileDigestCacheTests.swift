import Foundation
import Testing
@testable import TurnoutPlatforms

/// The pinning digest cache: a file is hashed again exactly when something could have changed its content.
@Suite struct FileDigestCacheTests {
    final class Folder {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "digest-cache-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        func write(_ name: String, _ text: String) throws -> String {
            let file = path + "/" + name
            try text.write(toFile: file, atomically: false, encoding: .utf8)
            return file
        }
    }

    /// Hashes with the real SHA-256 and counts the calls.
    final class CountingHasher {
        var calls = 0
        func hash(_ path: String) throws -> String {
            calls += 1
            return try ReleasePinner.sha256(ofFileAt: path)
        }
    }

    @Test("an unchanged file is hashed once, also across loads of the cache") func unchangedFileHashedOnce() throws {
        let folder = try Folder()
        let file = try folder.write("app", "release one")
        let hasher = CountingHasher()
        var cache = FileDigestCache(path: folder.path + "/digests.json")
        let first = try cache.digest(of: file, hash: hasher.hash)
        #expect(try cache.digest(of: file, hash: hasher.hash) == first)
        cache.save()
        var reloaded = FileDigestCache(path: folder.path + "/digests.json")
        #expect(try reloaded.digest(of: file, hash: hasher.hash) == first)
        #expect(hasher.calls == 1)
        #expect(first == (try ReleasePinner.sha256(ofFileAt: file)))
    }

    @Test("a file written in place is hashed again") func writtenInPlace() throws {
        let folder = try Folder()
        let file = try folder.write("app", "release one")
        let hasher = CountingHasher()
        var cache = FileDigestCache(path: folder.path + "/digests.json")
        let first = try cache.digest(of: file, hash: hasher.hash)
        // Same size, so only the times and the content differ.
        _ = try folder.write("app", "release two")
        let second = try cache.digest(of: file, hash: hasher.hash)
        #expect(second != first)
        #expect(second == (try ReleasePinner.sha256(ofFileAt: file)))
        #expect(hasher.calls == 2)
    }

    @Test("a file replaced by a rename is hashed again") func replacedByRename() throws {
        let folder = try Folder()
        let file = try folder.write("app", "release one")
        let hasher = CountingHasher()
        var cache = FileDigestCache(path: folder.path + "/digests.json")
        let first = try cache.digest(of: file, hash: hasher.hash)
        let other = try folder.write("app.new", "release 2")
        #expect(rename(other, file) == 0)
        #expect(try cache.digest(of: file, hash: hasher.hash) != first)
        #expect(hasher.calls == 2)
    }

    @Test("a corrupt cache file counts as empty") func corruptCache() throws {
        let folder = try Folder()
        let file = try folder.write("app", "release one")
        _ = try folder.write("digests.json", "{not json")
        let hasher = CountingHasher()
        var cache = FileDigestCache(path: folder.path + "/digests.json")
        #expect(try cache.digest(of: file, hash: hasher.hash) == (try ReleasePinner.sha256(ofFileAt: file)))
        #expect(hasher.calls == 1)
    }

    @Test("a file that cannot be read is an error, not a remembered digest") func missingFile() throws {
        let folder = try Folder()
        var cache = FileDigestCache(path: folder.path + "/digests.json")
        #expect(throws: (any Error).self) { try cache.digest(of: folder.path + "/nothing", hash: ReleasePinner.sha256(ofFileAt:)) }
    }
}
