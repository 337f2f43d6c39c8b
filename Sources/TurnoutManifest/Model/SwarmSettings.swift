/// The manifest's `swarm` block: which Docker Swarm to run on and how to place the tasks.
public struct SwarmSettings: Sendable, Hashable {
    /// The manager's engine Turnout talks to, `unix:///path/to/docker.sock` (a remote manager is reached
    /// through a socket forwarded over SSH: `ssh -L /tmp/manager.sock:/var/run/docker.sock HOST`).
    public var manager: String
    /// Every node's engine, to copy the images to (there is no registry); the manager's own when it runs tasks.
    public var nodes: [String]
    /// The overlay network the tasks join, created when missing (`turnout-APP` by default).
    public var network: String?
    /// Placement constraints for every task, as Swarm writes them (`node.role == worker`, `node.labels.zone == a`).
    public var constraints: [String]
    /// Spread placement preferences (`node.labels.zone`): tasks are spread over the values of these.
    public var spread: [String]
    /// The address of this host that the nodes reach, where the tasks find Redis and PostgreSQL; found from the
    /// route to the manager when left out.
    public var hostAddress: String?

    /// Creates settings.
    public init(manager: String, nodes: [String] = [], network: String? = nil, constraints: [String] = [], spread: [String] = [],
                hostAddress: String? = nil) {
        self.manager = manager
        self.nodes = nodes
        self.network = network
        self.constraints = constraints
        self.spread = spread
        self.hostAddress = hostAddress
    }

    /// The path of a `unix://` engine address, `nil` for another scheme.
    public static func socketPath(_ address: String) -> String? {
        guard address.hasPrefix("unix:///") else { return nil }
        return String(address.dropFirst("unix://".count))
    }
}
