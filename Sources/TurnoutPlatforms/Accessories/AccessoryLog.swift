import Foundation
import TurnoutRuntime

/// The lines of a managed server's log that say why it failed to start, for the error Turnout prints (the
/// reason is in `postgres.log`, `redis.log` or `prometheus.log`, not in the exit status of the tool that
/// started it).
///
/// A line is relevant when it reports a problem: PostgreSQL's `FATAL:`/`PANIC:`/`ERROR:`/`WARNING:`,
/// Redis's `*** FATAL CONFIG FILE ERROR` and `#` (warning) lines, Prometheus's `level=error`, and any line
/// saying `failed`, `could not`, `cannot` or `can't`. Each relevant line comes with the line before it (where
/// PostgreSQL puts the `LOG:` line that names the cause) and up to three after it (where Redis says which
/// setting it could not read). Without a relevant line, the log's last lines are shown.
public enum AccessoryLog {
    /// How many lines an excerpt holds at most.
    public static let excerptLines = 6

    /// How much of the end of a log is read: enough for the last start, bounded for a huge log.
    static let readLimit = 64 << 10

    /// The excerpt of the log at `path` from byte `offset` on (what one start wrote, see ``size(of:)``),
    /// prefixed `": "` and joined with `" | "` for an error message; `""` when there is nothing to show.
    public static func reason(in path: String?, since offset: UInt64 = 0) -> String {
        guard let path, let text = tail(of: path, from: offset) else { return "" }
        let lines = excerpt(text)
        return lines.isEmpty ? "" : ": " + lines.joined(separator: " | ")
    }

    /// The relevant lines of `text` (with their neighbours), or its last lines when none is relevant; at most
    /// ``excerptLines``, the latest ones.
    public static func excerpt(_ text: String, limit: Int = excerptLines) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.suffix(50)
        let all = Array(lines)
        var chosen = Set<Int>()
        for (index, line) in all.enumerated() where isRelevant(line) {
            for neighbour in max(0, index - 1)...min(all.count - 1, index + 3) { chosen.insert(neighbour) }
        }
        guard !chosen.isEmpty else { return Array(all.suffix(limit)) }
        return Array(chosen.sorted().suffix(limit).map { all[$0] })
    }

    /// Whether `line` reports a problem.
    static func isRelevant(_ line: String) -> Bool {
        let lower = line.lowercased()
        if markers.contains(where: { lower.contains($0) }) { return true }
        // Redis: `PID:ROLE DD Mon HH:MM:SS.mmm # message` is a warning.
        return line.contains(" # ")
    }

    private static let markers = [
        "fatal", "panic", "error", "warning:", "level=warn", "failed", "could not", "cannot", "can't",
    ]

    /// The size of the file at `path` now (0 when there is none): where what a command writes next begins.
    public static func size(of path: String?) -> UInt64 {
        guard let path, let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
        return (attributes[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The file from `offset` on, at most its last ``readLimit`` bytes, as text.
    private static func tail(of path: String, from offset: UInt64) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = max(offset, size > UInt64(readLimit) ? size - UInt64(readLimit) : 0)
        guard start < size else { return nil }
        try? handle.seek(toOffset: start)
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
