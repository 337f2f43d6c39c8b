/// What the `templates/kubernetes/*.mustache` templates are filled with. Keys are validated names; other
/// strings are YAML double-quoted scalars already. Optional parts are arrays of zero or one element, and
/// every flag is a stored property (Mustache reads stored properties only).
enum KubernetesViews {
    struct Entry {
        let key: String
        let value: String
    }

    struct Replicas {
        let count: Int
        let comment: String
    }

    struct Port {
        let name: String
        let port: Int
    }

    struct SecretEnv {
        let name: String
        let secret: String
        let key: String
    }

    struct Probe {
        /// `readinessProbe`, `livenessProbe` or `startupProbe`.
        let field: String
        let httpPath: [String]
        let tcp: Bool
        let exec: [String]
        let port: Int
        let periodSeconds: Int64
        let timeoutSeconds: Int64
        let successThreshold: Int
        let failureThreshold: Int64
    }

    struct Deployment {
        let app: String
        /// Why this Deployment exists, when it is not the service's stable track.
        let comment: [String]
        let name: String
        let service: String
        let labels: [Entry]
        let selector: [Entry]
        let replicas: [Replicas]
        let maxSurge: String
        let maxUnavailable: String
        /// Pod annotations (Prometheus scraping).
        let podAnnotations: [Entry]
        let hasPodAnnotations: Bool
        let terminationGracePeriodSeconds: Int64
        /// Whether the container sleeps in a `preStop` hook (targets that have the sleep handler).
        let preStopSleep: Bool
        let preStopSeconds: Int64
        let image: String
        /// Replaces the image's entrypoint (the manifest's full command).
        let command: [String]
        /// Arguments to the image's entrypoint.
        let args: [String]
        let ports: [Port]
        let hasConfigMap: Bool
        let configMap: String
        let secretEnv: [SecretEnv]
        let hasSecretEnv: Bool
        let probes: [Probe]
        let requests: [Entry]
        let hasRequests: Bool
        let limits: [Entry]
        let hasLimits: Bool
        let hasResources: Bool
    }

    struct Service {
        let app: String
        let comment: String
        let name: String
        let labels: [Entry]
        let selector: [Entry]
        let port: Int
    }

    struct ResourceMetric {
        let name: String
        let utilization: Int
    }

    struct QueueMetric {
        let queue: String
        let averageValue: String
    }

    struct Autoscaler {
        let app: String
        /// `autoscaling/v2` or `autoscaling/v2beta2`.
        let apiVersion: String
        /// What the autoscaler scales, for a track other than the stable one.
        let comment: [String]
        let name: String
        let target: String
        let labels: [Entry]
        let minReplicas: Int
        let maxReplicas: Int
        let resourceMetrics: [ResourceMetric]
        let queueMetrics: [QueueMetric]
    }

    struct DisruptionBudget {
        let app: String
        /// `policy/v1` or `policy/v1beta1`.
        let apiVersion: String
        let name: String
        let labels: [Entry]
        let selector: [Entry]
    }

    struct ConfigMap {
        let app: String
        let service: String
        let name: String
        let labels: [Entry]
        let data: [Entry]
    }

    /// The ConfigMap holding the prometheus-adapter rule that serves `worker_queue_length`.
    struct AdapterRules {
        let app: String
        let name: String
        let labels: [Entry]
    }

    struct IngressPath {
        let path: String
        let backend: String
        let port: Int
    }

    struct Ingress {
        let app: String
        let comment: String
        let name: String
        let labels: [Entry]
        let annotations: [Entry]
        let hasAnnotations: Bool
        let host: [String]
        let paths: [IngressPath]
    }
}
