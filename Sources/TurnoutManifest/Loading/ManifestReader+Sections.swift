import Yams

/// The load balancer and SLO sections.
extension ManifestReader {
    func readLoadBalancer(_ reader: MappingReader) -> LoadBalancer {
        var balancer = LoadBalancer()
        if let listen = reader.string("listen") {
            if NameRules.isListenAddress(listen) {
                balancer.listen = listen
            } else {
                reader.problem(.invalidValue, "listen", "'\(Node.clipped(listen))' is not a listen address: expected PORT, HOST:PORT or [IPv6]:PORT with a port from 1 to 65535")
            }
        }
        if let name = reader.string("server_name") {
            if NameRules.isServerName(name) {
                balancer.serverName = name
            } else {
                reader.problem(.invalidValue, "server_name", "'\(Node.clipped(name))' is not a host name (letters, digits, '-', '.', an optional leading '*.') or '_'")
            }
        }
        if let algorithm = reader.choice("algorithm", LoadBalancer.Algorithm.allCases.map { ($0.rawValue, $0) }) {
            balancer.algorithm = algorithm
        }
        if let value = reader.int("keepalive", in: 0...10_000) { balancer.keepalive = value }
        if let value = reader.int("keepalive_requests", in: 1...10_000_000) { balancer.keepaliveRequests = value }
        if let value = reader.duration("keepalive_timeout", in: TimeSpan.seconds(1)...TimeSpan.seconds(3600)) { balancer.keepaliveTimeout = value }
        if let timeouts = reader.nestedMapping("timeouts") {
            let range = TimeSpan(milliseconds: 1)...TimeSpan.seconds(3600)
            if let value = timeouts.duration("connect", in: range) { balancer.connectTimeout = value }
            if let value = timeouts.duration("send", in: range) { balancer.sendTimeout = value }
            if let value = timeouts.duration("read", in: range) { balancer.readTimeout = value }
            timeouts.finish()
        }
        if let passive = reader.nestedMapping("passive_health") {
            if let value = passive.int("max_fails", in: 0...1000) { balancer.maxFails = value }
            if let value = passive.duration("fail_timeout", in: TimeSpan.seconds(1)...TimeSpan.seconds(3600)) { balancer.failTimeout = value }
            passive.finish()
        }
        if let retries = reader.nestedMapping("retries") {
            if let value = retries.int("tries", in: 1...10) { balancer.retryTries = value }
            if let value = retries.duration("timeout", in: TimeSpan.zero...TimeSpan.seconds(3600)) { balancer.retryTimeout = value }
            retries.finish()
        }
        if let value = reader.size("client_max_body_size") { balancer.clientMaxBodySize = value }
        balancer.routes = readRoutes(reader)
        reader.finish()
        return balancer
    }

    private func readRoutes(_ reader: MappingReader) -> [LoadBalancer.Route] {
        guard let items = reader.sequence("routes", what: "a list of {path, service} routes") else { return [] }
        var routes: [LoadBalancer.Route] = []
        for (item, path) in items {
            guard let route = reader.itemMapping("routes", item: item, path: path) else { continue }
            let location = route.string("path", required: "the path prefix, such as /api/")
            let service = route.string("service", required: "the web service that serves it")
            route.finish()
            guard let location, let service else { continue }
            if !NameRules.isHTTPPath(location) || location.contains("?") {
                route.problem(.invalidValue, "path", "'\(Node.clipped(location))' is not a path prefix: start with '/' and use URL characters only")
                continue
            }
            routes.append(LoadBalancer.Route(path: location, service: service))
        }
        return routes
    }

    func readSLO(_ reader: MappingReader) -> SLO {
        var slo = SLO()
        let latency = TimeSpan(milliseconds: 1)...TimeSpan.seconds(3600)
        if let value = reader.duration("latency_p95", in: latency) { slo.latencyP95 = value }
        if let value = reader.duration("latency_p99", in: latency) { slo.latencyP99 = value }
        if let value = reader.percentage("error_rate") { slo.errorRate = value }
        if let value = reader.percentage("cache_hit_rate") { slo.cacheHitRate = value }
        if let value = reader.percentage("cache_hit_rate_warning") { slo.cacheHitRateWarning = value }
        if let value = reader.int("queue_length", in: 1...100_000_000) { slo.queueLength = value }
        if let value = reader.percentage("api_cpu", allowZero: false) { slo.apiCPU = value }
        if let value = reader.percentage("redis_memory", allowZero: false) { slo.redisMemory = value }
        if let value = reader.percentage("worker_cpu", allowZero: false) { slo.workerCPU = value }
        reader.finish()
        if slo.latencyP95 > slo.latencyP99 {
            reader.problem(.invalidValue, "latency_p95", "latency_p95 (\(slo.latencyP95)) is above latency_p99 (\(slo.latencyP99))",
                           hint: "the 95th percentile can never exceed the 99th: lower latency_p95 or raise latency_p99")
        }
        if slo.cacheHitRateWarning > slo.cacheHitRate {
            reader.problem(.invalidValue, "cache_hit_rate_warning", "the warning level \(slo.cacheHitRateWarning) is above the target \(slo.cacheHitRate)",
                           hint: "the warning level is the lower bound below which caching needs review")
        }
        return slo
    }
}
