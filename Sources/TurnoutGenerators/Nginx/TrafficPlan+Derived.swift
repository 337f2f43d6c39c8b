import TurnoutManifest

extension TrafficPlan {
    /// The port the local runtime gives replica `replica` (0-based) of a web service whose manifest port is
    /// `basePort`: `basePort + replica`. So `port: 9000, replicas: 3` listens on 9000, 9001 and 9002.
    public static func localPort(basePort: Int, replica: Int) -> Int { basePort + replica }

    /// The servers the manifest implies when no instances are running, for `turnout generate`:
    ///
    /// - `local`: one server per replica on `127.0.0.1`, ports from ``localPort(basePort:replica:)``.
    /// - `docker` and `kubernetes`: one server, the service's name and port. Docker's embedded DNS answers the
    ///   compose service name with every replica's address and nginx adds each address it resolves at start as
    ///   a server; in Kubernetes the name is the ClusterIP Service.
    ///
    /// - Throws: ``GeneratorError`` (`missingValue`) when a web service has no port.
    public static func derived(from manifest: Manifest, runtime: RuntimeKind) throws -> TrafficPlan {
        var servers: [String: [Server]] = [:]
        for (index, service) in manifest.services.enumerated() where service.role == .web {
            guard let port = service.port else {
                throw GeneratorError(.missingValue, "a web service needs a port", at: "services[\(index)].port")
            }
            switch runtime {
            case .local:
                servers[service.name] = (0..<max(1, service.replicas)).map {
                    Server(host: "127.0.0.1", port: localPort(basePort: port, replica: $0))
                }
            case .docker, .swarm, .kubernetes:
                servers[service.name] = [Server(host: service.name, port: port)]
            }
        }
        return TrafficPlan(servers: servers)
    }
}
