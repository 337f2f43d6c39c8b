import TurnoutRuntime

/// The local platform's view of an `InstanceHandle` of kind `process`: a PID together with the process's start
/// time (field 22 of `/proc/PID/stat`, in clock ticks since boot), so a PID the kernel handed to another
/// process later is never mistaken for it, and the file its output is appended to.
public struct ProcessHandle: Sendable, Hashable {
    /// The kind of handle the local platform makes.
    public static let kind = "process"

    /// The process ID.
    public var pid: Int32
    /// The process's start time in clock ticks since boot.
    public var startTime: UInt64
    /// The file stdout and stderr are appended to.
    public var logPath: String

    /// Creates a handle.
    public init(pid: Int32, startTime: UInt64, logPath: String) {
        self.pid = pid
        self.startTime = startTime
        self.logPath = logPath
    }

    /// Reads a stored handle; `nil` when it is not a process handle.
    public init?(_ handle: InstanceHandle) {
        guard handle.kind == Self.kind, let pid = handle.attributes["pid"].flatMap(Int32.init),
              let start = handle.attributes["startTime"].flatMap(UInt64.init) else { return nil }
        self.init(pid: pid, startTime: start, logPath: handle.attributes["log"] ?? "")
    }

    /// The handle to store.
    public var handle: InstanceHandle {
        InstanceHandle(kind: Self.kind, id: "\(pid):\(startTime)", attributes: ["pid": String(pid), "startTime": String(startTime), "log": logPath])
    }
}
