import Foundation
import TurnoutRuntime
import Glibc

/// CPU time and resident memory of one process, from `/proc/PID/stat` and `/proc/PID/statm`.
public struct ProcessCPU: Sendable, Hashable {
    /// User plus system CPU time, in clock ticks (fields 14 and 15 of stat).
    public var cpuTicks: UInt64
    /// When the process started, in clock ticks since boot (field 22), which tells a reused PID apart.
    public var startTicks: UInt64
    /// Resident pages (field 2 of statm).
    public var residentPages: UInt64

    /// Creates a reading.
    public init(cpuTicks: UInt64, startTicks: UInt64, residentPages: UInt64) {
        self.cpuTicks = cpuTicks
        self.startTicks = startTicks
        self.residentPages = residentPages
    }

    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`, 100 on Linux).
    public static let ticksPerSecond: Double = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
    /// The page size in bytes.
    public static let pageSize: Double = Double(max(1, sysconf(Int32(_SC_PAGESIZE))))

    /// Resident memory in bytes.
    public var residentBytes: Double { Double(residentPages) * Self.pageSize }

    /// Reads a live process; `nil` when it does not exist (or has become a zombie, which uses no CPU).
    public static func read(pid: Int32) -> ProcessCPU? {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return nil }
        return parse(stat: stat, statm: statm)
    }

    /// Parses the text of stat and statm. Fields are counted from the last `)`, since the command name
    /// may hold spaces and parentheses.
    public static func parse(stat: String, statm: String) -> ProcessCPU? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // rest[0] is field 3, so field N is rest[N - 3].
        guard rest.count >= 20, rest[0] != "Z", let user = UInt64(rest[11]), let system = UInt64(rest[12]),
              let start = UInt64(rest[19]) else { return nil }
        let memory = statm.split(separator: " ")
        guard memory.count >= 2, let resident = UInt64(memory[1].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return ProcessCPU(cpuTicks: user + system, startTicks: start, residentPages: resident)
    }

    /// Seconds since boot, from `/proc/uptime`.
    public static func uptime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Cores used between two readings `seconds` apart: Δticks / ticks per second / seconds.
    public static func cores(from earlier: ProcessCPU, to later: ProcessCPU, seconds: Double) -> Double? {
        guard seconds > 0, later.startTicks == earlier.startTicks, later.cpuTicks >= earlier.cpuTicks else { return nil }
        return Double(later.cpuTicks - earlier.cpuTicks) / ticksPerSecond / seconds
    }
}
