import Foundation
import TurnoutManifest

/// Facts about a manifest that the compose and Kubernetes renderers both need, decided once.
enum ManifestFacts {
    /// The connection URL a service in the same container network gets for `accessory`: a managed accessory
    /// is reached by its name (the compose service or Kubernetes Service), at its port, keeping the rest of the
    /// manifest's URL (scheme, user, database path); an external one at the manifest's URL as written.
    static func networkURL(of accessory: Accessory) -> String {
        guard accessory.managed else { return accessory.url }
        if var components = URLComponents(string: accessory.url), components.scheme != nil {
            components.host = accessory.name
            components.port = accessory.port
            if let url = components.string { return url }
        }
        switch accessory.kind {
        case .redis: return "redis://\(accessory.name):\(accessory.port)/0"
        case .postgres:
            let user = accessory.user.map { "\($0)@" } ?? ""
            return "postgres://\(user)\(accessory.name):\(accessory.port)/\(accessory.database ?? "postgres")"
        }
    }

    /// The accessories `service` uses, in its `uses` order; unknown names are a manifest error.
    static func accessories(of service: Service, index: Int, in manifest: Manifest) throws -> [Accessory] {
        try service.uses.enumerated().map { position, name in
            guard let accessory = manifest.accessory(named: name) else {
                throw GeneratorError(.missingValue, "uses \(name), which is not an accessory",
                                     at: "services[\(index)].uses[\(position)]")
            }
            return accessory
        }
    }

    /// What a container runs, split the way images are: the manifest's command (with `${PORT}` replaced by the
    /// service's port) replaces the image's entrypoint and command; a worker without one gets
    /// `--queues q1,q2 --concurrency N` as arguments to the image's entrypoint, and `--metrics-port PORT` when
    /// the manifest gives its port (else the bundled worker serves metrics on its default 9100, not on the
    /// port its probes and scrape annotations name); otherwise the image decides.
    static func containerCommand(of service: Service, index: Int) throws -> (entrypoint: [String], arguments: [String]) {
        if !service.command.isEmpty {
            let port = service.port.map(String.init) ?? ""
            return (service.command.map { $0.replacingOccurrences(of: "${PORT}", with: port) }, [])
        }
        guard service.role == .worker, !service.queues.isEmpty else { return ([], []) }
        let queues = try service.queues.enumerated().map { position, queue in
            try ValueChecks.queueName(queue, at: "services[\(index)].queues[\(position)]")
        }
        var arguments = ["--queues", queues.joined(separator: ","), "--concurrency", String(max(1, service.concurrency))]
        if let port = service.port {
            arguments += ["--metrics-port", String(try ValueChecks.port(port, at: "services[\(index)].port"))]
        }
        return ([], arguments)
    }

    /// The port a health check probes: its own, else the service's.
    static func probePort(of service: Service, health: HealthCheck, index: Int) throws -> Int {
        guard let port = health.port ?? service.port else {
            throw GeneratorError(.missingValue, "the health check needs a port", at: "services[\(index)].health.port",
                                 hint: "workers name the port of their metrics endpoint here")
        }
        return try ValueChecks.port(port, at: "services[\(index)].health.port")
    }

    /// The environment variable a secret's file path is passed in: `<NAME>_FILE`.
    static func secretFileVariable(_ reference: SecretReference) -> String { reference.name + "_FILE" }

    /// A name built from `parts` that is safe as a compose secret name and an environment suffix: lowercase
    /// letters, digits and `_`, every other character replaced by `_`.
    static func sanitizedName(_ parts: [String]) -> String {
        String(parts.joined(separator: "_").lowercased().unicodeScalars.map { scalar -> Character in
            let ascii = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar))
            return ascii ? Character(scalar) : "_"
        })
    }
}
