import TurnoutManifest

/// Renders `compose.yaml`: every service, the managed accessories, and an nginx in front that loads the
/// container flavour of the generated nginx configuration (written beside it as `nginx.conf`).
public struct ComposeRenderer: Sendable {
    /// The template rendered.
    public static let templateName = "compose/compose.yaml.mustache"
    /// The compose service that runs nginx.
    public static let loadBalancerServiceName = "turnout-lb"
    /// The nginx image of that service.
    public static let nginxImage = "nginx:1.27-alpine"
    /// Where the nginx configuration is mounted inside the container.
    public static let nginxConfigPath = "/etc/turnout/nginx.conf"
    /// The probe the bundled images ship for HTTP and TCP checks (they have no shell).
    public static let probeExecutable = "/usr/local/bin/turnout-probe"

    /// The templates to use.
    public var templates: TemplateSet

    /// Creates a renderer.
    public init(templates: TemplateSet = .embedded) {
        self.templates = templates
    }

    /// Renders the compose file for `manifest`.
    public func render(_ manifest: Manifest) throws -> String {
        try templates.render(Self.templateName, view(manifest))
    }

    func view(_ manifest: Manifest) throws -> ComposeView {
        let app = try ValueChecks.label(manifest.app, at: "app")
        var services: [ComposeView.Service] = []
        var secrets: [String: ComposeView.Secret] = [:]
        let taken = manifest.services.map(\.name) + manifest.accessories.map(\.name)
        guard !taken.contains(Self.loadBalancerServiceName) else {
            throw GeneratorError(.unsafeValue, "the name \(Self.loadBalancerServiceName) is reserved for nginx",
                                 at: "services", hint: "rename the service or accessory")
        }
        for (index, service) in manifest.services.enumerated() {
            services.append(try self.service(service, index: index, manifest: manifest, secrets: &secrets))
        }
        for (index, accessory) in manifest.accessories.enumerated() where accessory.managed {
            services.append(try self.accessory(accessory, index: index))
        }
        if !manifest.webServices.isEmpty { services.append(try loadBalancer(manifest)) }
        let sortedSecrets = secrets.keys.sorted().compactMap { secrets[$0] }
        return ComposeView(app: app, services: services, secrets: sortedSecrets, hasSecrets: !sortedSecrets.isEmpty)
    }

    private func service(
        _ service: Service, index: Int, manifest: Manifest, secrets: inout [String: ComposeView.Secret]
    ) throws -> ComposeView.Service {
        let at = "services[\(index)]"
        let name = try ValueChecks.label(service.name, at: at + ".name")
        guard let image = service.image else {
            throw GeneratorError(.missingValue, "compose needs an image", at: at + ".image")
        }
        var environment: [ComposeView.Entry] = []
        if service.role == .web, let port = service.port {
            environment.append(.init(key: "PORT", value: quoted(String(try ValueChecks.port(port, at: at + ".port")))))
        }
        for (position, variable) in service.env.enumerated() {
            let key = try ValueChecks.environmentName(variable.name, at: "\(at).env[\(position)].name")
            environment.append(.init(key: key, value: quoted(variable.value)))
        }
        var dependsOn: [ComposeView.Dependency] = []
        for accessory in try ManifestFacts.accessories(of: service, index: index, in: manifest) {
            let key = try ValueChecks.environmentName(accessory.environmentName, at: "accessories.\(accessory.name)")
            environment.append(.init(key: key, value: quoted(ManifestFacts.networkURL(of: accessory))))
            if accessory.managed {
                dependsOn.append(.init(name: try ValueChecks.label(accessory.name, at: "accessories"),
                                       condition: "service_healthy"))
            }
        }
        var secretNames: [String] = []
        for (position, reference) in service.secrets.enumerated() {
            let variable = try ValueChecks.environmentName(reference.name, at: "\(at).secrets[\(position)].name")
            let secretName = ManifestFacts.sanitizedName([reference.secret, reference.key])
            secrets[secretName] = .init(name: secretName,
                                        environment: quoted("TURNOUT_SECRET_" + secretName.uppercased()))
            secretNames.append(secretName)
            environment.append(.init(key: variable + "_FILE", value: quoted("/run/secrets/" + secretName)))
        }
        let (entrypoint, arguments) = try ManifestFacts.containerCommand(of: service, index: index)
        return ComposeView.Service(
            name: name, comment: service.role == .web ? "Web service \(name)." : "Worker \(name).",
            image: quoted(try ValueChecks.image(image, at: at + ".image")),
            entrypoint: entrypoint.isEmpty ? [] : [YAMLEscaping.flowSequence(entrypoint, compose: true)],
            command: arguments.isEmpty ? [] : [YAMLEscaping.flowSequence(arguments, compose: true)],
            replicas: max(0, service.replicas), stopGracePeriod: quoted(service.stopTimeout.simpleText),
            environment: environment, hasEnvironment: !environment.isEmpty,
            secrets: secretNames, hasSecrets: !secretNames.isEmpty,
            healthcheck: try service.health.map { [try healthcheck($0, service: service, index: index)] } ?? [],
            dependsOn: dependsOn, hasDependsOn: !dependsOn.isEmpty, ports: [], hasPorts: false, volumes: [],
            hasVolumes: false, limits: limits(service.resources.cpuLimit, service.resources.memoryLimit),
            hasLimits: service.resources.cpuLimit != nil || service.resources.memoryLimit != nil,
            reservations: limits(service.resources.cpuRequest, service.resources.memoryRequest),
            hasReservations: service.resources.cpuRequest != nil || service.resources.memoryRequest != nil,
            hasResources: !service.resources.isEmpty)
    }

    private func healthcheck(_ health: HealthCheck, service: Service, index: Int) throws -> ComposeView.Healthcheck {
        let test: [String]
        switch health.probe {
        case .http(let path, _):
            let port = try ManifestFacts.probePort(of: service, health: health, index: index)
            let checked = try ValueChecks.httpPath(path, at: "services[\(index)].health.path")
            test = ["CMD", Self.probeExecutable, "http://127.0.0.1:\(port)\(checked)"]
        case .tcp:
            let port = try ManifestFacts.probePort(of: service, health: health, index: index)
            test = ["CMD", Self.probeExecutable, "tcp://127.0.0.1:\(port)"]
        case .command(let argv):
            guard !argv.isEmpty else {
                throw GeneratorError(.missingValue, "empty health command", at: "services[\(index)].health.command")
            }
            test = ["CMD"] + argv
        }
        return .init(test: YAMLEscaping.flowSequence(test, compose: true), interval: quoted(health.interval.simpleText),
                     timeout: quoted(health.timeout.simpleText), retries: max(1, health.unhealthyThreshold),
                     startPeriod: quoted(health.startPeriod.simpleText))
    }

    private func accessory(_ accessory: Accessory, index: Int) throws -> ComposeView.Service {
        let at = "accessories[\(index)]"
        let name = try ValueChecks.label(accessory.name, at: at + ".name")
        let port = String(try ValueChecks.port(accessory.port, at: at + ".port"))
        var command: [String] = []
        var environment: [ComposeView.Entry] = []
        let test: [String]
        switch accessory.kind {
        case .redis:
            // volatile-lru evicts only keys with a TTL (cache entries), never queued jobs, which have none.
            command = ["redis-server", "--port", port, "--maxmemory-policy", "volatile-lru"]
            if let memory = accessory.maxMemory { command += ["--maxmemory", String(memory.bytes)] }
            test = ["CMD", "redis-cli", "-p", port, "ping"]
        case .postgres:
            let user = accessory.user ?? "postgres"
            let database = accessory.database ?? user
            if accessory.port != Accessory.Kind.postgres.defaultPort { command = ["postgres", "-p", port] }
            // No password in the manifest: trust connections, which only the compose network can make (no
            // published port).
            environment = [
                .init(key: "POSTGRES_USER", value: quoted(user)), .init(key: "POSTGRES_DB", value: quoted(database)),
                .init(key: "POSTGRES_HOST_AUTH_METHOD", value: quoted("trust")),
            ]
            test = ["CMD", "pg_isready", "-h", "127.0.0.1", "-p", port, "-U", user, "-d", database]
        }
        return ComposeView.Service(
            name: name, comment: "Managed \(accessory.kind.rawValue) accessory \(name).",
            image: quoted(try ValueChecks.image(accessory.image, at: at + ".image")), entrypoint: [],
            command: command.isEmpty ? [] : [YAMLEscaping.flowSequence(command, compose: true)], replicas: 1,
            stopGracePeriod: quoted("30s"), environment: environment, hasEnvironment: !environment.isEmpty,
            secrets: [], hasSecrets: false,
            healthcheck: [.init(test: YAMLEscaping.flowSequence(test, compose: true), interval: quoted("2s"),
                                timeout: quoted("2s"), retries: 15, startPeriod: quoted("10s"))],
            dependsOn: [], hasDependsOn: false, ports: [], hasPorts: false, volumes: [], hasVolumes: false,
            limits: [], hasLimits: false, reservations: [], hasReservations: false, hasResources: false)
    }

    private func loadBalancer(_ manifest: Manifest) throws -> ComposeView.Service {
        let listen = try ValueChecks.listenAddress(manifest.loadBalancer.listen, at: "load_balancer.listen")
        guard let port = listen.split(separator: ":").last.map(String.init) else {
            throw GeneratorError(.missingValue, "no port", at: "load_balancer.listen")
        }
        let dependsOn = try manifest.webServices.map {
            ComposeView.Dependency(name: try ValueChecks.label($0.name, at: "services"),
                                   condition: $0.health == nil ? "service_started" : "service_healthy")
        }
        let command = ["nginx", "-p", "/var/cache/nginx/", "-c", Self.nginxConfigPath, "-e", "stderr", "-g",
                       "daemon off;"]
        let test = ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:\(port)/turnout-lb-health"]
        return ComposeView.Service(
            name: Self.loadBalancerServiceName, comment: "nginx in front of the web services (./nginx.conf).",
            image: quoted(Self.nginxImage), entrypoint: [], command: [YAMLEscaping.flowSequence(command, compose: true)], replicas: 1,
            stopGracePeriod: quoted("30s"), environment: [], hasEnvironment: false, secrets: [], hasSecrets: false,
            healthcheck: [.init(test: YAMLEscaping.flowSequence(test, compose: true), interval: quoted("2s"),
                                timeout: quoted("2s"), retries: 3, startPeriod: quoted("5s"))],
            dependsOn: dependsOn, hasDependsOn: !dependsOn.isEmpty,
            ports: [quoted(listen == port ? "\(port):\(port)" : "\(listen):\(port)")], hasPorts: true,
            volumes: [quoted("./nginx.conf:\(Self.nginxConfigPath):ro")], hasVolumes: true,
            limits: [], hasLimits: false, reservations: [], hasReservations: false, hasResources: false)
    }

    private func limits(_ cpu: CPUQuantity?, _ memory: ByteSize?) -> [ComposeView.Entry] {
        var entries: [ComposeView.Entry] = []
        if let cpu { entries.append(.init(key: "cpus", value: quoted(cpu.millicores % 1000 == 0 ? String(cpu.millicores / 1000) : String(cpu.cores)))) }
        if let memory { entries.append(.init(key: "memory", value: quoted(memory.nginxText))) }
        return entries
    }

    private func quoted(_ text: String) -> String { YAMLEscaping.composeQuoted(text) }
}
