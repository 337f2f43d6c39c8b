import Yams

/// Reads a service's `health` mapping.
struct HealthCheckReader {
    let reader: MappingReader

    func read() -> HealthCheck? {
        let type = reader.choice("type", [("http", "http"), ("tcp", "tcp"), ("command", "command")]) ?? defaultType()
        let path = readPath("path")
        let livenessPath = readPath("liveness_path")
        let expectStatus = reader.int("expect_status", in: 100...599) ?? 200
        let command = reader.stringList("command", what: "a list of arguments: the executable first") ?? []
        let port = reader.int("port", in: 1...65535)
        let interval = reader.duration("interval", in: TimeSpan(milliseconds: 100)...TimeSpan.seconds(3600))
        let timeout = reader.duration("timeout", in: TimeSpan(milliseconds: 10)...TimeSpan.seconds(3600))
        let healthy = reader.int("healthy_threshold", in: 1...100)
        let unhealthy = reader.int("unhealthy_threshold", in: 1...100)
        let startPeriod = reader.duration("start_period", in: TimeSpan.zero...TimeSpan.seconds(3600))
        reader.finish()

        let probe: HealthCheck.Probe
        switch type {
        case "http":
            guard let path else {
                if !reader.has("path") { reader.missing("path", "the HTTP path to probe, such as /api/v1/ready") }
                return nil
            }
            probe = .http(path: path, expectStatus: expectStatus)
        case "tcp":
            probe = .tcp
        default:
            guard !command.isEmpty else {
                reader.missing("command", "the command to run, as a list: the executable first")
                return nil
            }
            probe = .command(command)
        }
        var check = HealthCheck(probe: probe, livenessPath: livenessPath, port: port)
        if let interval { check.interval = interval }
        if let timeout { check.timeout = timeout }
        if let healthy { check.healthyThreshold = healthy }
        if let unhealthy { check.unhealthyThreshold = unhealthy }
        if let startPeriod { check.startPeriod = startPeriod }
        if check.timeout > check.interval, interval != nil || !reader.has("interval") {
            reader.problem(.invalidValue, "timeout", "timeout \(check.timeout) is longer than interval \(check.interval)",
                           hint: "a probe must finish before the next one starts: lower timeout or raise interval")
        }
        return check
    }

    private func defaultType() -> String {
        reader.has("command") && !reader.has("path") ? "command" : (reader.has("path") ? "http" : "tcp")
    }

    private func readPath(_ key: String) -> String? {
        guard let path = reader.string(key) else { return nil }
        guard NameRules.isHTTPPath(path) else {
            reader.problem(.invalidValue, key, "'\(Node.clipped(path))' is not an HTTP path: start with '/' and use URL characters only (no spaces, quotes, ';', '{', '}' or '$')")
            return nil
        }
        return path
    }
}
