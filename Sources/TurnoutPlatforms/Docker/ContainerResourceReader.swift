import Foundation
import TurnoutRuntime

/// Containers' CPU time and memory from the engine's cgroups on this host (the `cgroupfs` driver's
/// `/sys/fs/cgroup/{cpuacct,memory}/docker/ID/` under cgroup v1, `system.slice/docker-ID.scope/` under v2):
/// files, so reading them costs no engine call and no sampling delay.
public struct ContainerResourceReader: ResourceReader {
    public let name = "container cgroup"
    /// The cgroup mount.
    public let root: String

    /// Creates the reader.
    public init(root: String = "/sys/fs/cgroup") { self.root = root }

    public func usage(of handles: [String: InstanceHandle]) async -> (usage: [String: ResourceUsage], problems: [String]) {
        var usage: [String: ResourceUsage] = [:]
        var problems: [String] = []
        for (id, handle) in handles.sorted(by: { $0.key < $1.key }) {
            guard let container = ContainerHandle(handle) else { continue }
            if let reading = read(container) {
                usage[id] = reading
            } else {
                problems.append("cannot read the cgroup of container \(container.id.prefix(12)) (\(id)) under \(root)")
            }
        }
        return (usage, problems)
    }

    func read(_ container: ContainerHandle) -> ResourceUsage? {
        let v1CPU = "\(root)/cpuacct/docker/\(container.id)/cpuacct.usage"
        let v1Memory = "\(root)/memory/docker/\(container.id)/memory.stat"
        if let nanoseconds = Self.number(v1CPU) {
            let rss = Self.field("total_rss", in: v1Memory) ?? Self.number("\(root)/memory/docker/\(container.id)/memory.usage_in_bytes") ?? 0
            return ResourceUsage(cpuSeconds: nanoseconds / 1e9, residentBytes: rss, startedAt: container.startedAt, generation: container.id)
        }
        let v2 = "\(root)/system.slice/docker-\(container.id).scope"
        if let microseconds = Self.field("usage_usec", in: v2 + "/cpu.stat") {
            let memory = Self.field("anon", in: v2 + "/memory.stat") ?? Self.number(v2 + "/memory.current") ?? 0
            return ResourceUsage(cpuSeconds: microseconds / 1e6, residentBytes: memory, startedAt: container.startedAt, generation: container.id)
        }
        return nil
    }

    static func number(_ path: String) -> Double? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The value of `key` in a `key value` file.
    static func field(_ key: String, in path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return Double(parts[1]) }
        }
        return nil
    }
}
