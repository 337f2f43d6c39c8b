import TurnoutManifest
import TurnoutGenerators

/// Manifests built in Swift for the generator tests.
enum Fixtures {
    /// The scaling guide's Stage-2 stack: api x3 behind nginx, email and processing workers, managed Redis and
    /// Postgres, a canary rollout.
    static var stage2: Manifest {
        let api = Service(
            name: "api", role: .web, image: "turnout-api:1.4.0", command: ["/usr/local/bin/turnout-api", "--port", "${PORT}"],
            port: 9000, replicas: 3,
            env: [EnvironmentVariable(name: "LOG_LEVEL", value: "info"),
                  EnvironmentVariable(name: "CACHE_TTL", value: "300")],
            secrets: [SecretReference(name: "API_TOKEN_SECRET", secret: "api-secrets", key: "token")],
            resources: Resources(cpuRequest: CPUQuantity(millicores: 250), memoryRequest: ByteSize(bytes: 256 << 20),
                                 cpuLimit: CPUQuantity(millicores: 1000), memoryLimit: ByteSize(bytes: 512 << 20)),
            health: HealthCheck(probe: .http(path: "/health/ready", expectStatus: 200), livenessPath: "/health/live"),
            autoscaling: Autoscaling(minReplicas: 3, maxReplicas: 12, cpu: Percentage(70), memory: Percentage(80)),
            stopTimeout: .seconds(20), uses: ["cache", "db"])
        let email = Service(
            name: "worker-email", role: .worker, image: "turnout-worker:1.4.0", replicas: 2,
            resources: Resources(cpuRequest: CPUQuantity(millicores: 100), memoryRequest: ByteSize(bytes: 128 << 20)),
            health: HealthCheck(probe: .tcp, port: 9100),
            autoscaling: Autoscaling(minReplicas: 1, maxReplicas: 5, cpu: Percentage(80), queueLength: 50),
            queues: ["email"], concurrency: 4, stopTimeout: .seconds(60), uses: ["cache"])
        let processing = Service(
            name: "worker-processing", role: .worker, image: "turnout-worker:1.4.0",
            command: ["/usr/local/bin/turnout-worker", "--queues", "processing,email", "--concurrency", "8"],
            replicas: 2,
            health: HealthCheck(probe: .command(["/usr/local/bin/turnout-worker", "--check"]), port: 9101),
            queues: ["processing", "email"], concurrency: 8, stopTimeout: .seconds(120), uses: ["cache", "db"])
        let cache = Accessory(
            name: "cache", kind: .redis, managed: true, url: "redis://127.0.0.1:6379/0", port: 6379,
            image: "redis:7-alpine", environmentName: "REDIS_URL", maxMemory: ByteSize(bytes: 256 << 20))
        let db = Accessory(
            name: "db", kind: .postgres, managed: true, url: "postgres://turnout@127.0.0.1:5432/turnout", port: 5432,
            image: "postgres:15-alpine", environmentName: "DATABASE_URL", database: "turnout", user: "turnout")
        return Manifest(
            app: "shop", runtime: .local, services: [api, email, processing],
            loadBalancer: LoadBalancer(listen: "127.0.0.1:8080", serverName: "shop.example.com"),
            accessories: [cache, db], slo: SLO(), strategy: .canary(CanaryStrategy()),
            strategySource: "strategies/canary.yaml")
    }

    /// One web service, rolling updates, defaults elsewhere.
    static var small: Manifest {
        let web = Service(
            name: "web", role: .web, image: "turnout-api:1.0.0", port: 8081, replicas: 1,
            health: HealthCheck(probe: .http(path: "/healthz", expectStatus: 200)))
        return Manifest(
            app: "tiny", runtime: .local, services: [web], loadBalancer: LoadBalancer(), accessories: [],
            slo: SLO(), strategy: .rolling(RollingStrategy(maxSurge: .percent(Percentage(25)),
                                                           maxUnavailable: .count(0))),
            strategySource: "inline")
    }

    /// Blue-green with a preview listener and two routes, for explicit traffic plans.
    static var blueGreen: Manifest {
        var manifest = stage2
        manifest.strategy = .blueGreen(BlueGreenStrategy(previewListen: "127.0.0.1:8081"))
        var admin = manifest.services[0]
        admin.name = "admin"
        admin.port = 9500
        admin.replicas = 1
        manifest.services.append(admin)
        manifest.loadBalancer.routes = [
            LoadBalancer.Route(path: "/", service: "api"), LoadBalancer.Route(path: "/admin/", service: "admin"),
        ]
        manifest.loadBalancer.algorithm = .roundRobin
        return manifest
    }
}

extension Fixtures {
    /// A plan for ``blueGreen``: api's live colour split 90/10 between stable and canary servers, its idle
    /// colour on standby; admin with one server.
    static var blueGreenPlan: TrafficPlan {
        let stable = (0..<3).map { TrafficPlan.Server(host: "127.0.0.1", port: 9000 + $0) }
        let canary = [TrafficPlan.Server(host: "127.0.0.1", port: 9100)]
        let standby = (0..<3).map { TrafficPlan.Server(host: "127.0.0.1", port: 9200 + $0, role: .standby) }
        return TrafficPlan(servers: [
            "api": TrafficPlan.canarySplit(stable: stable, canary: canary, canaryPercent: 10) + standby,
            "admin": [TrafficPlan.Server(host: "[::1]", port: 9500)],
        ])
    }
}
