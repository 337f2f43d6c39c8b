/// How much load to send and how.
public struct LoadOptions: Sendable {
    /// The URLs requested, in turn, by each connection.
    public var targets: [HTTPTarget]
    /// Concurrent keep-alive connections (one thread each).
    public var connections: Int
    /// How long to run (nil: until stopped).
    public var duration: Duration?
    /// Per-request timeout.
    public var timeout: Duration
    /// Pause between a connection's requests, picked uniformly in this range (the guide's locust profile
    /// waits 1-3 s); nil sends back to back.
    public var thinkTime: ClosedRange<Duration>?
    /// Retry an idempotent request once when a reused keep-alive connection closes before any response byte
    /// (as browsers and HTTP libraries do). Off, every such close counts as a failure.
    public var retryClosedKeepAlive: Bool

    /// Creates options.
    public init(
        targets: [HTTPTarget], connections: Int = 16, duration: Duration? = .seconds(10), timeout: Duration = .seconds(5),
        thinkTime: ClosedRange<Duration>? = nil, retryClosedKeepAlive: Bool = true
    ) {
        self.targets = targets
        self.connections = connections
        self.duration = duration
        self.timeout = timeout
        self.thinkTime = thinkTime
        self.retryClosedKeepAlive = retryClosedKeepAlive
    }
}
