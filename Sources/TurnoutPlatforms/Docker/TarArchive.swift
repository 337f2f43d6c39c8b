import Foundation

/// A tar archive (POSIX ustar) built in memory: the build context the Docker Engine's `/build` takes. Files
/// and directories only, owned by root, with the modes given.
public struct TarArchive: Sendable {
    private(set) var bytes: [UInt8] = []

    /// Creates an empty archive.
    public init() {}

    /// Why an entry cannot be written.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Adds a directory entry.
    public mutating func addDirectory(_ path: String, mode: Int = 0o755) throws {
        try addHeader(path.hasSuffix("/") ? path : path + "/", size: 0, mode: mode, type: UInt8(ascii: "5"))
    }

    /// Adds a file with `contents`.
    public mutating func addFile(_ path: String, contents: [UInt8], mode: Int = 0o644) throws {
        try addHeader(path, size: contents.count, mode: mode, type: UInt8(ascii: "0"))
        bytes += contents
        let padding = (512 - contents.count % 512) % 512
        bytes += [UInt8](repeating: 0, count: padding)
    }

    /// The archive, closed with its two empty blocks.
    public var finished: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

    private mutating func addHeader(_ path: String, size: Int, mode: Int, type: UInt8) throws {
        var header = [UInt8](repeating: 0, count: 512)
        let name = Array(path.utf8)
        var prefix: [UInt8] = []
        var short = name
        if name.count > 100 {
            // ustar splits a long path at a slash: up to 155 bytes of prefix, up to 100 of name.
            guard let split = name.indices.last(where: { name[$0] == UInt8(ascii: "/") && $0 <= 155 && name.count - $0 - 1 <= 100 }) else {
                throw Failure(description: "path too long for a tar entry: \(path)")
            }
            prefix = Array(name[..<split])
            short = Array(name[(split + 1)...])
        }
        func put(_ field: [UInt8], at offset: Int) { for (index, byte) in field.enumerated() { header[offset + index] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] { Array(String(format: "%0\(width - 1)o", value).utf8) + [0] }
        put(short, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        header[156] = type
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(prefix, at: 345)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(Array(String(format: "%06o", checksum).utf8) + [0, 32], at: 148)
        bytes += header
    }
}
