import TurnoutAnalysis
import TurnoutManifest

/// What `turnout doctor` measured between two samples: the scaling advisor's whole input, so that its
/// decisions are a pure function of these values.
public struct DoctorMeasurements: Sendable {
    /// The readings of one service's running instances.
    public struct ServiceFigures: Sendable {
        /// The service.
        public var name: String
        /// Web or worker (which CPU objective applies).
        public var role: Service.Role
        /// Readings over the window: `latency_p95`, `latency_p99`, `error_rate` (with their sample sizes) and
        /// `cpu`; any may be missing.
        public var readings: [MetricReading]

        /// Creates figures.
        public init(name: String, role: Service.Role, readings: [MetricReading]) {
            self.name = name
            self.role = role
            self.readings = readings
        }

        /// The first reading of `name`.
        public func reading(_ name: MetricName) -> MetricReading? { readings.first { $0.name == name } }
    }

    /// One queue at the start and the end of the window, and the workers consuming it.
    public struct QueueFigures: Sendable, Hashable {
        /// The queue's name.
        public var name: String
        /// The worker services consuming it.
        public var services: [String]
        /// Worker instances running for it now.
        public var workers: Int
        /// The most workers to suggest (the services' autoscaling maximum), when one is declared.
        public var maxWorkers: Int?
        /// Pending jobs when the window began and when it ended.
        public var pendingAtStart: Double
        public var pendingAtEnd: Double
        /// Jobs completed during the window (the counter's difference); `nil` when it could not be read.
        public var completed: Double?

        /// Creates figures.
        public init(name: String, services: [String], workers: Int, maxWorkers: Int? = nil, pendingAtStart: Double, pendingAtEnd: Double, completed: Double?) {
            self.name = name
            self.services = services
            self.workers = workers
            self.maxWorkers = maxWorkers
            self.pendingAtStart = pendingAtStart
            self.pendingAtEnd = pendingAtEnd
            self.completed = completed
        }
    }

    /// The objectives (the manifest's SLOs).
    public var slo: SLO
    /// The window asked for, for findings.
    public var window: TimeSpan
    /// Seconds actually between the two samples (rates are per these).
    public var seconds: Double
    /// Per service.
    public var services: [ServiceFigures]
    /// The cache hit rate over the window (with the number of lookups as samples): the API instances' own
    /// counters, or Redis's keyspace counters; the reading's source says which.
    public var cacheHitRate: MetricReading?
    /// Redis used memory as a share of its limit.
    public var redisMemory: MetricReading?
    /// Per queue.
    public var queues: [QueueFigures]

    /// Creates measurements.
    public init(slo: SLO, window: TimeSpan, seconds: Double, services: [ServiceFigures] = [], cacheHitRate: MetricReading? = nil,
                redisMemory: MetricReading? = nil, queues: [QueueFigures] = []) {
        self.slo = slo
        self.window = window
        self.seconds = seconds
        self.services = services
        self.cacheHitRate = cacheHitRate
        self.redisMemory = redisMemory
        self.queues = queues
    }
}
