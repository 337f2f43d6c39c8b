/// The platform's own name for an instance, opaque to the engine: it stores it with the instance and hands it
/// back to the platform that made it. `kind` says which platform's thing it is (`process`, `container`,
/// `task`, `pod`); each platform reads its attributes through a typed view of its own (the local platform's
/// `ProcessHandle`, the Docker platform's `ContainerHandle`).
public struct InstanceHandle: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What it names: `process`, `container`, `task`, `pod` (or `memory` in tests).
    public var kind: String
    /// The platform's identifier for it: a PID with its start time, a container ID, a task or pod name.
    public var id: String
    /// What else the platform keeps with it (a log file, a node, a namespace).
    public var attributes: [String: String]

    /// Creates a handle.
    public init(kind: String, id: String, attributes: [String: String] = [:]) {
        self.kind = kind
        self.id = id
        self.attributes = attributes
    }

    /// `process 1234:5678`, `container 3f2a1b9c0d4e`.
    public var description: String { "\(kind) \(id)" }
}
