import Foundation

/// Reads instances' resource counters from the platform (the local platform from `/proc`, the Docker platform
/// from the engine's cgroups); the analysis turns successive readings into CPU shares over a window.
public protocol ResourceReader: Sendable {
    /// What the readings come from, for reasons (`/proc stat`, `docker stats`).
    var name: String { get }
    /// The current counters of each instance (id -> its handle) that can be read, by id; the others are left
    /// out with the reason in `problems`.
    func usage(of handles: [String: InstanceHandle]) async -> (usage: [String: ResourceUsage], problems: [String])
}

/// One reading of an instance's resources.
public struct ResourceUsage: Sendable, Hashable {
    /// CPU time used since it started, in seconds (all cores).
    public var cpuSeconds: Double
    /// Resident memory, in bytes.
    public var residentBytes: Double
    /// When it started, for a share since its start when there is no earlier reading.
    public var startedAt: Date
    /// What identifies this run of it: a restarted instance reads as a new one.
    public var generation: String

    /// Creates a reading.
    public init(cpuSeconds: Double, residentBytes: Double, startedAt: Date, generation: String) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.startedAt = startedAt
        self.generation = generation
    }
}
