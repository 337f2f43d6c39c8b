import Foundation

/// The fields of `/proc/PID/stat` the runtime needs.
public struct ProcStat: Sendable, Hashable {
    /// Field 3: the state letter (`R`, `S`, `D`, `Z`, `T`...).
    public var state: Character
    /// Field 4: the parent's PID.
    public var parentPID: Int32
    /// Field 5: the process group ID.
    public var processGroup: Int32
    /// Field 6: the session ID.
    public var session: Int32
    /// Field 22: the start time in clock ticks since boot.
    public var startTime: UInt64

    /// Whether the process has ended and waits to be reaped by its parent.
    public var isZombie: Bool { state == "Z" || state == "X" }

    /// Reads `/proc/PID/stat`; `nil` when no such process exists.
    public static func read(pid: Int32) -> ProcStat? {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(text)
    }

    /// Parses the text of a stat file. The command name (field 2) may contain spaces and parentheses, so the
    /// fields are counted from the last `)`.
    public static func parse(_ text: String) -> ProcStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // rest[0] is field 3, so field N is rest[N - 3].
        guard rest.count >= 20, let state = rest[0].first, let parent = Int32(rest[1]),
            let group = Int32(rest[2]), let session = Int32(rest[3]), let start = UInt64(rest[19])
        else { return nil }
        return ProcStat(state: state, parentPID: parent, processGroup: group, session: session, startTime: start)
    }
}
