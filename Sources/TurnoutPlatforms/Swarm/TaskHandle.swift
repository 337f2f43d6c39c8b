import Foundation
import TurnoutRuntime

/// The Swarm platform's view of an `InstanceHandle` of kind `task`: the instance's own Swarm service (one per
/// instance), and the task that runs it now with its node.
public struct TaskHandle: Sendable, Hashable {
    /// The kind of handle the Swarm platform makes.
    public static let kind = "task"

    /// The instance's Swarm service.
    public var serviceID: String
    /// Its name.
    public var serviceName: String
    /// The task running it now.
    public var taskID: String
    /// The node the task runs on.
    public var nodeID: String
    /// When the task was created (for a CPU share since its start).
    public var startedAt: Date

    /// Creates a handle.
    public init(serviceID: String, serviceName: String, taskID: String, nodeID: String, startedAt: Date) {
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.taskID = taskID
        self.nodeID = nodeID
        self.startedAt = startedAt
    }

    /// Reads a stored handle; `nil` when it is not a task handle.
    public init?(_ handle: InstanceHandle) {
        guard handle.kind == Self.kind, let service = handle.attributes["service"], let task = handle.attributes["task"] else { return nil }
        serviceID = service
        serviceName = handle.attributes["name"] ?? ""
        taskID = task
        nodeID = handle.attributes["node"] ?? ""
        startedAt = handle.attributes["startedAt"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
    }

    /// The handle to store: the task's short ID as its id, as `docker service ps` shows it.
    public var handle: InstanceHandle {
        InstanceHandle(kind: Self.kind, id: String(taskID.prefix(12)),
                       attributes: ["service": serviceID, "name": serviceName, "task": taskID, "node": nodeID,
                                    "startedAt": String(startedAt.timeIntervalSince1970)])
    }
}
