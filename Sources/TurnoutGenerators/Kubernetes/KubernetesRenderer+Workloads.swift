import TurnoutManifest

extension KubernetesRenderer {
    /// The Deployment of one track. The stable track's `replicas` is the manifest's count, clamped to the
    /// autoscaler's bounds (so applying the file never fights the HPA far from where it would settle); the
    /// canary track (`<svc>-canary`: same pod template, `track: canary`) starts at 0, and Turnout scales it
    /// with the new release's image during a canary deploy.
    func deployment(
        _ service: Service, index: Int, manifest: Manifest, app: String, track: Track,
        autoscaler: KubernetesViews.Autoscaler?
    ) throws -> KubernetesViews.Deployment {
        let at = "services[\(index)]"
        let name = service.name
        guard let image = service.image else {
            throw GeneratorError(.missingValue, "Kubernetes needs an image", at: at + ".image")
        }
        let checkedImage = try ValueChecks.image(image, at: at + ".image")
        let rolling: RollingStrategy
        if case .rolling(let strategy) = manifest.strategy { rolling = strategy } else { rolling = RollingStrategy() }
        var replicas = max(0, service.replicas)
        var comment = "From the manifest."
        if track == .canary {
            replicas = 0
            comment = "Turnout scales the canary up, with the new release's image, during a canary deploy, and back to 0."
        } else if let autoscaler {
            replicas = min(max(replicas, autoscaler.minReplicas), autoscaler.maxReplicas)
            comment = "The manifest's replicas within the autoscaler's bounds (\(autoscaler.minReplicas)-\(autoscaler.maxReplicas))."
        }
        var ports: [KubernetesViews.Port] = []
        if let port = service.port { ports.append(.init(name: "http", port: try ValueChecks.port(port, at: at + ".port"))) }
        let secretEnv = try service.secrets.enumerated().map { position, reference in
            KubernetesViews.SecretEnv(
                name: try ValueChecks.environmentName(reference.name, at: "\(at).secrets[\(position)].name"),
                secret: quoted(try ValueChecks.label(reference.secret, at: "\(at).secrets[\(position)].secret")),
                key: quoted(reference.key))
        }
        let requests = entries(service.resources.cpuRequest, service.resources.memoryRequest)
        let limits = entries(service.resources.cpuLimit, service.resources.memoryLimit)
        let (entrypoint, arguments) = try ManifestFacts.containerCommand(of: service, index: index)
        let annotations = try scrapeAnnotations(service, index: index)
        let apis = KubernetesAPIVersions(for: manifest.kubernetes.version)
        return KubernetesViews.Deployment(
            app: app,
            comment: track == .canary ? ["The canary track of \(name): the canary Service \(name)-canary selects its pods."] : [],
            name: try track.objectName(name, at: at + ".name"), service: name,
            labels: labels(app: app, service: name, track: track.rawValue, revision: Self.revision(ofImage: checkedImage)),
            selector: labels(app: app, service: name, track: track.rawValue),
            replicas: [.init(count: replicas, comment: comment)],
            maxSurge: scale(rolling.maxSurge), maxUnavailable: scale(rolling.maxUnavailable),
            podAnnotations: annotations, hasPodAnnotations: !annotations.isEmpty,
            terminationGracePeriodSeconds: service.stopTimeout.wholeSecondsRoundedUp + Self.preStopSeconds,
            preStopSleep: apis.preStopSleep, preStopSeconds: Self.preStopSeconds, image: quoted(checkedImage),
            command: entrypoint.isEmpty ? [] : [YAMLEscaping.flowSequence(entrypoint, compose: false)],
            args: arguments.isEmpty ? [] : [YAMLEscaping.flowSequence(arguments, compose: false)], ports: ports,
            hasConfigMap: true, configMap: "\(name)-env", secretEnv: secretEnv, hasSecretEnv: !secretEnv.isEmpty,
            probes: try service.health.map { try probes($0, service: service, index: index) } ?? [],
            requests: requests, hasRequests: !requests.isEmpty, limits: limits, hasLimits: !limits.isEmpty,
            hasResources: !requests.isEmpty || !limits.isEmpty)
    }

    /// `prometheus.io/scrape`, `port` and `path` on the pods of a service that serves metrics (`metrics_path`) or
    /// scales on queue length (its `worker_queue_length` must reach Prometheus): the annotations the common
    /// `kubernetes-pods` scrape job keeps.
    func scrapeAnnotations(_ service: Service, index: Int) throws -> [KubernetesViews.Entry] {
        let scalesOnQueue = service.autoscaling?.queueLength != nil
        guard service.metricsPath != nil || scalesOnQueue else { return [] }
        let at = "services[\(index)]"
        guard let port = service.port ?? service.health?.port else {
            throw GeneratorError(.missingValue, "Prometheus needs the port the metrics are served on", at: at + ".port",
                                 hint: scalesOnQueue ? "queue_length autoscaling reads worker_queue_length from the worker's metrics port" : "")
        }
        let path = try ValueChecks.httpPath(service.metricsPath ?? "/metrics", at: at + ".metrics_path")
        return [.init(key: "prometheus.io/scrape", value: quoted("true")),
                .init(key: "prometheus.io/port", value: quoted(String(try ValueChecks.port(port, at: at + ".port")))),
                .init(key: "prometheus.io/path", value: quoted(path))]
    }

    /// Readiness from the health check; liveness on the liveness path (HTTP) or the same probe; a startup probe
    /// that allows `start_period` before liveness counts.
    func probes(_ health: HealthCheck, service: Service, index: Int) throws -> [KubernetesViews.Probe] {
        let period = max(1, health.interval.wholeSecondsRoundedUp)
        let timeout = max(1, health.timeout.wholeSecondsRoundedUp)
        let startupFailures = max(1, (health.startPeriod.wholeSecondsRoundedUp + period - 1) / period)
        var httpReady: [String] = []
        var httpLive: [String] = []
        var tcp = false
        var exec: [String] = []
        var port = 0
        switch health.probe {
        case .http(let path, _):
            port = try ManifestFacts.probePort(of: service, health: health, index: index)
            httpReady = [quoted(try ValueChecks.httpPath(path, at: "services[\(index)].health.path"))]
            httpLive = [quoted(try ValueChecks.httpPath(health.livenessPath ?? path,
                                                       at: "services[\(index)].health.liveness_path"))]
        case .tcp:
            port = try ManifestFacts.probePort(of: service, health: health, index: index)
            tcp = true
        case .command(let argv):
            guard !argv.isEmpty else {
                throw GeneratorError(.missingValue, "empty health command", at: "services[\(index)].health.command")
            }
            exec = [YAMLEscaping.flowSequence(argv, compose: false)]
        }
        func probe(_ field: String, _ path: [String], success: Int, failures: Int64) -> KubernetesViews.Probe {
            .init(field: field, httpPath: path, tcp: tcp, exec: exec, port: port, periodSeconds: period,
                  timeoutSeconds: timeout, successThreshold: success, failureThreshold: failures)
        }
        return [
            probe("startupProbe", httpReady, success: 1, failures: startupFailures),
            probe("readinessProbe", httpReady, success: max(1, health.healthyThreshold),
                  failures: Int64(max(1, health.unhealthyThreshold))),
            probe("livenessProbe", httpLive, success: 1, failures: Int64(max(1, health.unhealthyThreshold))),
        ]
    }

    /// The HorizontalPodAutoscaler of the stable track, or `nil` for a worker without autoscaling. Web services
    /// without settings get min 2, max 10, CPU 70 %. Settings without any target get the SLO's CPU ceiling (API
    /// or worker). Queue length is the External metric `worker_queue_length{queue}` (every worker exports it;
    /// the prometheus-adapter rule beside these files serves it), one per queue.
    func autoscaler(_ service: Service, index: Int, manifest: Manifest, app: String) throws -> KubernetesViews.Autoscaler? {
        let settings: Autoscaling
        if let given = service.autoscaling {
            settings = given
        } else if service.role == .web {
            settings = Autoscaling(minReplicas: 2, maxReplicas: 10, cpu: Percentage(70))
        } else {
            return nil
        }
        let at = "services[\(index)].autoscaling"
        guard settings.minReplicas >= 1, settings.maxReplicas >= settings.minReplicas else {
            throw GeneratorError(.missingValue, "needs 1 <= min_replicas <= max_replicas", at: at)
        }
        var resources: [KubernetesViews.ResourceMetric] = []
        var cpu = settings.cpu
        if cpu == nil, settings.memory == nil, settings.queueLength == nil {
            cpu = service.role == .web ? manifest.slo.apiCPU : manifest.slo.workerCPU
        }
        if let cpu { resources.append(.init(name: "cpu", utilization: utilization(cpu))) }
        if let memory = settings.memory { resources.append(.init(name: "memory", utilization: utilization(memory))) }
        var queues: [KubernetesViews.QueueMetric] = []
        if let pending = settings.queueLength {
            guard pending >= 1 else { throw GeneratorError(.missingValue, "queue_length must be at least 1", at: at) }
            queues = try service.queues.enumerated().map { position, queue in
                .init(queue: quoted(try ValueChecks.queueName(queue, at: "services[\(index)].queues[\(position)]")),
                      averageValue: quoted(String(pending)))
            }
        }
        return .init(app: app, apiVersion: KubernetesAPIVersions(for: manifest.kubernetes.version).autoscaling,
                     comment: [], name: service.name, target: service.name,
                     labels: labels(app: app, service: service.name), minReplicas: settings.minReplicas,
                     maxReplicas: settings.maxReplicas, resourceMetrics: resources, queueMetrics: queues)
    }

    /// The canary track's autoscaler (`<svc>-canary`): the stable one's targets, from 1 to its maximum, over
    /// the canary Deployment, so the canary scales on its own share of the traffic and the stable track is
    /// not scaled on the canary's load (argoproj/argo-rollouts#3849, #2857). While Turnout keeps the canary at 0
    /// replicas it is idle: an autoscaler does not scale a Deployment up from 0.
    func canaryAutoscaler(of stable: KubernetesViews.Autoscaler, app: String) -> KubernetesViews.Autoscaler {
        let name = "\(stable.name)-canary"
        return .init(app: app, apiVersion: stable.apiVersion,
                     comment: ["The canary track's own autoscaler: idle while the canary has 0 replicas (an HPA does not scale up from 0)."],
                     name: name, target: name, labels: labels(app: app, service: stable.target, track: "canary"),
                     minReplicas: 1, maxReplicas: stable.maxReplicas, resourceMetrics: stable.resourceMetrics,
                     queueMetrics: stable.queueMetrics)
    }

    private func utilization(_ share: Percentage) -> Int { max(1, Int(share.percent.rounded())) }

    private func scale(_ amount: ScaleAmount) -> String {
        switch amount {
        case .count(let count): return String(max(0, count))
        case .percent(let share): return quoted(share.description)
        }
    }

    private func entries(_ cpu: CPUQuantity?, _ memory: ByteSize?) -> [KubernetesViews.Entry] {
        var result: [KubernetesViews.Entry] = []
        if let cpu { result.append(.init(key: "cpu", value: quoted(cpu.description))) }
        if let memory { result.append(.init(key: "memory", value: quoted(memory.description))) }
        return result
    }
}
