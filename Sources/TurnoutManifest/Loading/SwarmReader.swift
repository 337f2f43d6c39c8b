import Yams

/// Reads the top-level `swarm` block: `manager`, `nodes`, `network`, `constraints`, `spread`, `host_address`.
struct SwarmReader {
    let reader: MappingReader

    func read() -> SwarmSettings? {
        let manager = reader.string("manager", required: "the manager's engine, such as unix:///var/run/docker.sock")
        if let manager { check(manager, at: "manager") }
        let nodes = reader.stringList("nodes", what: "a list of engine addresses such as unix:///run/node2.sock") ?? []
        for node in nodes { check(node, at: "nodes") }
        let network = reader.string("network")
        if let network, !NameRules.isLabel(network) {
            reader.problem(.invalidName, "network", "'\(Node.clipped(network))' is not a valid network name: use lowercase letters, digits and '-'")
        }
        let constraints = reader.stringList("constraints", what: "a list of placement constraints such as 'node.role == worker'") ?? []
        for constraint in constraints where !Self.isConstraint(constraint) {
            reader.problem(.invalidValue, "constraints", "'\(Node.clipped(constraint))' is not a placement constraint",
                           hint: "write FIELD == VALUE or FIELD != VALUE, e.g. node.role == worker or node.labels.zone == a")
        }
        let spread = reader.stringList("spread", what: "a list of node fields such as node.labels.zone") ?? []
        for field in spread where !field.hasPrefix("node.") {
            reader.problem(.invalidValue, "spread", "'\(Node.clipped(field))' is not a node field", hint: "e.g. node.labels.zone")
        }
        let host = reader.string("host_address")
        reader.finish()
        guard let manager else { return nil }
        return SwarmSettings(manager: manager, nodes: nodes, network: network, constraints: constraints, spread: spread, hostAddress: host)
    }

    private func check(_ address: String, at key: String) {
        guard let path = SwarmSettings.socketPath(address), !path.contains("\0") else {
            reader.problem(.invalidValue, key, "'\(Node.clipped(address))' is not an engine address Turnout can reach: expected unix:///path/to/docker.sock",
                           hint: "reach a remote engine through a socket forwarded over SSH: ssh -L /tmp/node.sock:/var/run/docker.sock HOST")
            return
        }
    }

    /// `FIELD == VALUE` or `FIELD != VALUE` with a `node.` or `engine.` field.
    static func isConstraint(_ text: String) -> Bool {
        for operator_ in ["==", "!="] {
            let parts = text.components(separatedBy: operator_)
            if parts.count == 2 {
                let field = parts[0].trimmingCharacters(in: .whitespaces), value = parts[1].trimmingCharacters(in: .whitespaces)
                return (field.hasPrefix("node.") || field.hasPrefix("engine.")) && !value.isEmpty && !field.contains(" ")
            }
        }
        return false
    }
}
