import Foundation
import TurnoutRuntime

/// The Docker platform's view of an `InstanceHandle` of kind `container`: the container's ID and name, and
/// when the engine started it.
public struct ContainerHandle: Sendable, Hashable {
    /// The kind of handle the Docker platform makes.
    public static let kind = "container"

    /// The container's full ID.
    public var id: String
    /// Its name.
    public var name: String
    /// When it started (for a CPU share since its start).
    public var startedAt: Date

    /// Creates a handle.
    public init(id: String, name: String, startedAt: Date) {
        self.id = id
        self.name = name
        self.startedAt = startedAt
    }

    /// Reads a stored handle; `nil` when it is not a container handle.
    public init?(_ handle: InstanceHandle) {
        guard handle.kind == Self.kind else { return nil }
        id = handle.attributes["id"] ?? handle.id
        name = handle.attributes["name"] ?? ""
        startedAt = handle.attributes["startedAt"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
    }

    /// The handle to store: the short ID as its id, as `docker ps` shows it.
    public var handle: InstanceHandle {
        InstanceHandle(kind: Self.kind, id: String(id.prefix(12)),
                       attributes: ["id": id, "name": name, "startedAt": String(startedAt.timeIntervalSince1970)])
    }
}
