/// CPU and memory a service asks for and may not exceed.
public struct Resources: Sendable, Hashable {
    /// Guaranteed CPU (Kubernetes request).
    public var cpuRequest: CPUQuantity?
    /// Guaranteed memory.
    public var memoryRequest: ByteSize?
    /// CPU ceiling.
    public var cpuLimit: CPUQuantity?
    /// Memory ceiling; the instance is killed above it.
    public var memoryLimit: ByteSize?

    /// Creates resources; all optional.
    public init(
        cpuRequest: CPUQuantity? = nil, memoryRequest: ByteSize? = nil, cpuLimit: CPUQuantity? = nil,
        memoryLimit: ByteSize? = nil
    ) {
        self.cpuRequest = cpuRequest
        self.memoryRequest = memoryRequest
        self.cpuLimit = cpuLimit
        self.memoryLimit = memoryLimit
    }

    /// Whether nothing is set.
    public var isEmpty: Bool { cpuRequest == nil && memoryRequest == nil && cpuLimit == nil && memoryLimit == nil }
}
