import Foundation
import TurnoutRuntime

/// The local platform's resource counters: CPU time and resident memory of each instance's process, from
/// `/proc/PID/stat` and `/proc/PID/statm`.
public struct ProcessResourceReader: ResourceReader {
    public let name = "/proc stat"

    /// Creates the reader.
    public init() {}

    public func usage(of handles: [String: InstanceHandle]) async -> (usage: [String: ResourceUsage], problems: [String]) {
        var usage: [String: ResourceUsage] = [:]
        var problems: [String] = []
        let uptime = ProcessCPU.uptime()
        let now = Date()
        for (id, handle) in handles.sorted(by: { $0.key < $1.key }) {
            guard let process = ProcessHandle(handle) else { continue }
            guard let reading = ProcessCPU.read(pid: process.pid), reading.startTicks == process.startTime else {
                problems.append("cannot read /proc/\(process.pid) of \(id): no such process")
                continue
            }
            let age = uptime.map { $0 - Double(reading.startTicks) / ProcessCPU.ticksPerSecond } ?? 0
            usage[id] = ResourceUsage(cpuSeconds: Double(reading.cpuTicks) / ProcessCPU.ticksPerSecond, residentBytes: reading.residentBytes,
                                      startedAt: now.addingTimeInterval(-max(0, age)), generation: "\(process.pid):\(reading.startTicks)")
        }
        return (usage, problems)
    }
}
