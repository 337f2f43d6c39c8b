import Foundation

/// Fresh directories for the runtime tests.
enum TemporaryDirectory {
    /// A new directory under /tmp.
    static func make(_ label: String) throws -> String {
        let path = "/tmp/turnout-rt-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return path
    }

    /// Removes a directory made by `make`.
    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}
