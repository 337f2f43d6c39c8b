import Foundation
import TurnoutRuntime

extension DockerEngine {
    /// A bridge network: its name, and its subnet and gateway (the host's address on it).
    public struct Network: Sendable, Hashable {
        public var name: String
        public var subnet: String
        public var gateway: String
    }

    /// The bridge network `name`, created (labelled with `labels`) when the engine does not have it yet.
    public func ensureNetwork(_ name: String, labels: [String: String]) async throws -> Network {
        if let network = try await inspectNetwork(name) { return network }
        let body = try JSONSerialization.data(withJSONObject: ["Name": name, "Driver": "bridge", "CheckDuplicate": true, "Labels": labels])
        _ = try await call("POST", "/networks/create", json: body, expected: [201, 409])
        guard let network = try await inspectNetwork(name) else {
            throw Failure(status: 0, message: "the Docker Engine created network \(name) but does not show it")
        }
        return network
    }

    /// The network `name`; `nil` when there is none.
    public func inspectNetwork(_ name: String) async throws -> Network? {
        struct Answer: Decodable {
            struct IPAM: Decodable { var Config: [Entry]? }
            struct Entry: Decodable { var Subnet: String?; var Gateway: String? }
            var Name: String
            var IPAM: IPAM
        }
        let body: [UInt8]
        do {
            body = try await call("GET", "/networks/\(name)")
        } catch let failure as Failure where failure.status == 404 {
            return nil
        }
        let answer = try decode(Answer.self, body, what: "inspecting network \(name)")
        guard let entry = answer.IPAM.Config?.first(where: { $0.Gateway != nil && $0.Subnet != nil }), let subnet = entry.Subnet, let gateway = entry.Gateway else {
            throw Failure(status: 200, message: "network \(name) has no IPv4 subnet and gateway")
        }
        return Network(name: answer.Name, subnet: subnet, gateway: gateway)
    }

    /// Removes the network `name` (nothing when it does not exist).
    public func removeNetwork(_ name: String) async throws {
        _ = try await call("DELETE", "/networks/\(name)", expected: [204, 404])
    }
}
