import Foundation

/// Follows nginx's access log across analyses: each call reads only the bytes written since the previous
/// one and keeps the parsed entries of the longest window asked for, so that an analysis every second over
/// a 30 s window parses each line once instead of thirty times. A log that was truncated or replaced
/// (another inode, or shorter than the offset) is read again from its start.
final class AccessLogTail: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var offset: UInt64 = 0
    private var inode: UInt64 = 0
    private var partial = Data()
    private var entries: [AccessLogReader.Entry] = []
    /// Entries older than this are dropped.
    private var keep: TimeInterval = 60

    init(path: String) { self.path = path }

    /// Unread bytes above which the window is read backwards from the end instead (about 20,000 lines).
    static let largestIncrement: UInt64 = 4 << 20

    /// The entries whose time is at or after `start`, oldest first.
    func entries(since start: Date, now: Date = Date()) throws -> [AccessLogReader.Entry] {
        try lock.withLock {
            keep = max(keep, now.timeIntervalSince(start) + 5)
            try readNewLines(firstWindowStart: start)
            let horizon = now.addingTimeInterval(-keep)
            if let first = entries.firstIndex(where: { $0.time >= horizon }), first > 0 { entries.removeFirst(first) }
            guard let from = entries.firstIndex(where: { $0.time >= start }) else { return [] }
            return Array(entries[from...])
        }
    }

    private func readNewLines(firstWindowStart start: Date) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let size = UInt64(info.st_size)
        // A new or truncated file, or more unread bytes than the window can need (the previous analysis was long
        // ago, or the host so busy that it ran late): read the window from the end, backwards, like a fresh
        // reader, instead of parsing every line since the last read. Without this bound a late analysis had
        // more lines to parse, which made the next one later still (on a host at load 30, 44 s, then 130 s,
        // then 369 s between analyses).
        if UInt64(info.st_ino) != inode || size < offset || size - offset > Self.largestIncrement {
            inode = UInt64(info.st_ino)
            entries = try AccessLogReader(path: path).entries(since: start)
            offset = size
            partial = Data()
            return
        }
        guard size > offset, let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        var data = partial
        data.append(try handle.readToEnd() ?? Data())
        offset = size
        let covered = data.withUnsafeBytes { raw in
            AccessLogLine.forEachLine(in: raw.bindMemory(to: UInt8.self)) { line in
                if let entry = AccessLogLine.parse(line) { entries.append(entry) }
            }
        }
        partial = Data(data.dropFirst(covered))
    }
}
