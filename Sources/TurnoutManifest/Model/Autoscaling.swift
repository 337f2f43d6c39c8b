/// Horizontal autoscaling bounds and targets (Kubernetes HPA `autoscaling/v2`).
public struct Autoscaling: Sendable, Hashable {
    /// Fewest replicas.
    public var minReplicas: Int
    /// Most replicas.
    public var maxReplicas: Int
    /// Average CPU utilisation to hold (web: 70 % by default).
    public var cpu: Percentage?
    /// Average memory utilisation to hold.
    public var memory: Percentage?
    /// Pending jobs per replica to hold (workers), read from the queue-length metric.
    public var queueLength: Int?

    /// Creates autoscaling settings.
    public init(
        minReplicas: Int = 2, maxReplicas: Int = 10, cpu: Percentage? = nil, memory: Percentage? = nil,
        queueLength: Int? = nil
    ) {
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
        self.cpu = cpu
        self.memory = memory
        self.queueLength = queueLength
    }
}
