import Foundation

/// A running instance as the store keeps it: indexed by id, service and revision, with the runtime's own
/// record (PID, start time, port, log path...) as an opaque JSON payload.
public struct StoredInstance: Codable, Sendable, Hashable {
    /// The instance's id, e.g. `api-r3-1`.
    public var id: String
    /// Its service.
    public var service: String
    /// Its revision.
    public var revision: Int
    /// The runtime's record, JSON.
    public var payload: Data

    /// Creates a stored instance.
    public init(id: String, service: String, revision: Int, payload: Data) {
        self.id = id
        self.service = service
        self.revision = revision
        self.payload = payload
    }
}
