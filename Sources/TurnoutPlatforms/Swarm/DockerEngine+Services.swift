import Foundation
import TurnoutManifest
import TurnoutRuntime

extension DockerEngine {
    /// One Swarm node: its ID, the address the swarm reaches it at, and whether it is up and available.
    public struct SwarmNode: Sendable, Hashable {
        public var id: String
        public var address: String
        public var ready: Bool
        public var active: Bool
    }

    /// One task of a service as the manager reports it.
    public struct SwarmTask: Sendable, Hashable {
        public var id: String
        public var serviceID: String
        public var nodeID: String?
        /// `new`, `pending`, `assigned`, `preparing`, `starting`, `running`, `complete`, `failed`, `shutdown`, `rejected`, `orphaned`...
        public var state: String
        public var desiredState: String
        public var exitCode: Int32?
        public var containerID: String?
        /// Published host ports by target port.
        public var ports: [Int: Int]
        public var createdAt: Date?
        public var message: String
    }

    /// The swarm's nodes.
    public func nodes() async throws -> [SwarmNode] {
        let body = try await call("GET", "/nodes")
        guard let list = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else { return [] }
        return list.compactMap { node in
            guard let id = node["ID"] as? String, let status = node["Status"] as? [String: Any], let spec = node["Spec"] as? [String: Any] else { return nil }
            return SwarmNode(id: id, address: status["Addr"] as? String ?? "", ready: status["State"] as? String == "ready",
                             active: spec["Availability"] as? String == "active")
        }
    }

    /// Creates a service from `spec` (the Engine API's ServiceSpec as JSON); returns its ID.
    public func createService(_ spec: [String: Any]) async throws -> String {
        let body = try await call("POST", "/services/create", json: try JSONSerialization.data(withJSONObject: spec), expected: [200, 201])
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], let id = object["ID"] as? String else {
            throw Failure(status: 200, message: "the manager created a service but did not say its ID")
        }
        return id
    }

    /// The service's version and spec; `nil` when it does not exist.
    public func inspectService(_ id: String) async throws -> (version: Int, spec: [String: Any], labels: [String: String])? {
        let body: [UInt8]
        do {
            body = try await call("GET", "/services/\(id)")
        } catch let failure as Failure where failure.status == 404 {
            return nil
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], let spec = object["Spec"] as? [String: Any],
              let version = (object["Version"] as? [String: Any])?["Index"] as? Int else { return nil }
        return (version, spec, spec["Labels"] as? [String: String] ?? [:])
    }

    /// Replaces the service's spec (at `version`, so that a concurrent change is refused rather than lost).
    public func updateService(_ id: String, version: Int, spec: [String: Any]) async throws {
        _ = try await call("POST", "/services/\(id)/update", query: [("version", String(version))], json: try JSONSerialization.data(withJSONObject: spec))
    }

    /// Removes the service (its tasks' containers are stopped by the nodes).
    public func removeService(_ id: String) async throws {
        _ = try await call("DELETE", "/services/\(id)", expected: [200, 204, 404])
    }

    /// The IDs and labels of the services carrying all of `labels`.
    public func listServices(labels: [String: String]) async throws -> [(id: String, name: String, labels: [String: String])] {
        let filters = try JSONSerialization.data(withJSONObject: ["label": labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }])
        let body = try await call("GET", "/services", query: [("filters", String(decoding: filters, as: UTF8.self))])
        guard let list = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else { return [] }
        return list.compactMap { service in
            guard let id = service["ID"] as? String, let spec = service["Spec"] as? [String: Any] else { return nil }
            return (id, spec["Name"] as? String ?? "", spec["Labels"] as? [String: String] ?? [:])
        }
    }

    /// The tasks of `services` (every task of the swarm when empty).
    public func tasks(services: [String] = []) async throws -> [SwarmTask] {
        var query: [(String, String)] = []
        if !services.isEmpty {
            let filters = try JSONSerialization.data(withJSONObject: ["service": services])
            query.append(("filters", String(decoding: filters, as: UTF8.self)))
        }
        let body = try await call("GET", "/tasks", query: query)
        guard let list = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else { return [] }
        return list.compactMap(Self.task)
    }

    static func task(_ object: [String: Any]) -> SwarmTask? {
        guard let id = object["ID"] as? String, let service = object["ServiceID"] as? String, let status = object["Status"] as? [String: Any] else { return nil }
        let container = status["ContainerStatus"] as? [String: Any]
        var ports: [Int: Int] = [:]
        for port in ((status["PortStatus"] as? [String: Any])?["Ports"] as? [[String: Any]]) ?? [] {
            if let target = port["TargetPort"] as? Int, let published = port["PublishedPort"] as? Int { ports[target] = published }
        }
        return SwarmTask(id: id, serviceID: service, nodeID: object["NodeID"] as? String, state: status["State"] as? String ?? "",
                         desiredState: object["DesiredState"] as? String ?? "", exitCode: (container?["ExitCode"] as? Int).map(Int32.init),
                         containerID: container?["ContainerID"] as? String, ports: ports,
                         createdAt: (object["CreatedAt"] as? String).flatMap(DockerDate.parse), message: status["Message"] as? String ?? "")
    }

    /// Writes image `reference` as a tar archive (`docker save`).
    public func saveImage(_ reference: String) async throws -> [UInt8] {
        try await call("GET", "/images/get", query: [("names", reference)], timeout: .seconds(600), limit: 4 << 30)
    }

    /// Loads images from a tar archive (`docker load`).
    public func loadImages(_ archive: [UInt8]) async throws {
        _ = try await call("POST", "/images/load", query: [("quiet", "1")], body: archive, contentType: "application/x-tar", timeout: .seconds(600))
    }

    /// The swarm this engine is a manager of: its own node address.
    public func swarmNodeAddress() async throws -> String? {
        let body = try await call("GET", "/info")
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["Swarm"] as? [String: Any])?["NodeAddr"] as? String
    }
}
