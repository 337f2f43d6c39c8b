import Yams

/// Reads one entry of `services`.
struct ServiceReader {
    let reader: MappingReader
    let name: String

    func read() -> Service? {
        let role = reader.choice("role", Service.Role.allCases.map { ($0.rawValue, $0) }, required: true)
        let image = readImage()
        let command = readCommand()
        let port = reader.int("port", in: 1...65535)
        let replicas = reader.int("replicas", in: 0...1000) ?? 1
        let env = readEnvironment()
        let secrets = readSecrets()
        let resources = reader.nestedMapping("resources").map(readResources) ?? Resources()
        let health = reader.nestedMapping("health").flatMap { HealthCheckReader(reader: $0).read() }
        let autoscaling = reader.nestedMapping("autoscaling").flatMap(readAutoscaling)
        let queues = reader.stringList("queues", what: "a list of queue names", allowSingle: true) ?? []
        for (index, queue) in queues.enumerated() where !NameRules.isQueueName(queue) {
            reader.collector.add(
                .invalidName, path: reader.path.appending("queues").appending(index: index),
                "queue name '\(Node.clipped(queue))' is not valid: use 1-64 lowercase letters, digits, '_' and '-'")
        }
        let concurrency = reader.int("concurrency", in: 1...10_000) ?? 1
        let stopTimeout = reader.duration("stop_timeout", in: TimeSpan.zero...TimeSpan.seconds(3600)) ?? .seconds(30)
        let uses = reader.stringList("uses", what: "a list of accessory names", allowSingle: true) ?? []
        let metricsPath = readMetricsPath()
        reader.finish()
        guard let role else { return nil }
        return Service(
            name: name, role: role, image: image, command: command, port: port, replicas: replicas, env: env,
            secrets: secrets, resources: resources, health: health, autoscaling: autoscaling, queues: queues,
            concurrency: concurrency, stopTimeout: stopTimeout, uses: uses, metricsPath: metricsPath)
    }

    private func readMetricsPath() -> String? {
        guard let path = reader.string("metrics_path") else { return nil }
        guard NameRules.isHTTPPath(path) else {
            reader.problem(.invalidValue, "metrics_path", "'\(Node.clipped(path))' is not an HTTP path such as /metrics")
            return nil
        }
        return path
    }

    private func readImage() -> String? {
        guard let image = reader.string("image") else { return nil }
        guard NameRules.isImageReference(image) else {
            reader.problem(.invalidValue, "image", "'\(Node.clipped(image))' is not an image reference such as turnout-api:1.2.0 or registry.example.com/team/api:1.2.0")
            return nil
        }
        return image
    }

    private func readCommand() -> [String] {
        if let node = reader.value("command"), case .scalar = node {
            reader.problem(.wrongType, "command", "expected a list of arguments, found a single string",
                           hint: "Turnout never runs a shell: write the executable and each argument as list items, e.g. [\"/usr/bin/turnout-api\", \"--port\", \"${PORT}\"]")
            return []
        }
        let command = reader.stringList("command", what: "a list of arguments: the executable first") ?? []
        for (index, argument) in command.enumerated() where !NameRules.isPrintable(argument) {
            reader.collector.add(.unsafeValue, path: reader.path.appending("command").appending(index: index),
                                 "arguments may not contain control characters or newlines")
        }
        if reader.has("command"), command.first?.isEmpty ?? true {
            reader.problem(.invalidValue, "command", "the command is empty: name the executable first")
        }
        return command
    }

    private func readEnvironment() -> [EnvironmentVariable] {
        guard let mapping = reader.nestedMapping("env", what: "a mapping of variable names to values") else { return [] }
        var variables: [EnvironmentVariable] = []
        for entry in mapping.entries {
            let path = mapping.path.appending(entry.key)
            if !NameRules.isEnvironmentName(entry.key) {
                mapping.collector.add(.invalidName, at: entry.keyMark, in: entry.file, path: path,
                                      "'\(Node.clipped(entry.key))' is not a valid environment variable name: use letters, digits and '_', not starting with a digit")
            }
            guard let value = mapping.scalar(entry.key, required: "a value (quote it if it looks like a number or boolean)") else { continue }
            if !NameRules.isPrintable(value) {
                mapping.problem(.unsafeValue, entry.key, "environment values may not contain newlines or control characters")
                continue
            }
            variables.append(EnvironmentVariable(name: entry.key, value: value))
        }
        return variables
    }

    private func readSecrets() -> [SecretReference] {
        guard let mapping = reader.nestedMapping("secrets", what: "a mapping of variable names to secret references") else { return [] }
        var secrets: [SecretReference] = []
        for entry in mapping.entries {
            if !NameRules.isEnvironmentName(entry.key) {
                mapping.collector.add(.invalidName, at: entry.keyMark, in: entry.file, path: mapping.path.appending(entry.key),
                                      "'\(Node.clipped(entry.key))' is not a valid environment variable name")
            }
            guard let ref = mapping.nestedMapping(entry.key, what: "a secret reference {secret: NAME, key: KEY}") else { continue }
            let secret = ref.string("secret", required: "the secret's name")
            let key = ref.string("key") ?? entry.key
            ref.finish()
            guard let secret else { continue }
            for (field, value) in [("secret", secret), ("key", key)] where !NameRules.isSecretPart(value) {
                ref.problem(.invalidName, field, "'\(Node.clipped(value))' is not valid here: use letters, digits, '.', '_' and '-'")
            }
            secrets.append(SecretReference(name: entry.key, secret: secret, key: key))
        }
        return secrets
    }

    private func readResources(_ mapping: MappingReader) -> Resources {
        var resources = Resources()
        if let requests = mapping.nestedMapping("requests") {
            resources.cpuRequest = requests.cpu("cpu")
            resources.memoryRequest = requests.size("memory")
            requests.finish()
        }
        if let limits = mapping.nestedMapping("limits") {
            resources.cpuLimit = limits.cpu("cpu")
            resources.memoryLimit = limits.size("memory")
            limits.finish()
        }
        mapping.finish()
        return resources
    }

    private func readAutoscaling(_ mapping: MappingReader) -> Autoscaling? {
        let minimum = mapping.int("min", in: 1...1000) ?? 2
        let maximum = mapping.int("max", in: 1...1000) ?? 10
        let scaling = Autoscaling(
            minReplicas: minimum, maxReplicas: maximum, cpu: mapping.percentage("cpu", allowZero: false),
            memory: mapping.percentage("memory", allowZero: false),
            queueLength: mapping.int("queue_length", in: 1...1_000_000))
        mapping.finish()
        return scaling
    }
}

extension NameRules {
    /// A secret name or key: 1-253 of letters, digits, `.`, `_` and `-`.
    static func isSecretPart(_ text: String) -> Bool {
        (1...253).contains(text.utf8.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
