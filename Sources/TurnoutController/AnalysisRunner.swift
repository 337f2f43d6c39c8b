import Foundation
import TurnoutAnalysis
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// What an analysis may look at: the service, its instances (ports per revision) and where nginx logs.
public struct AnalysisContext: Sendable {
    /// The service being rolled out.
    public var service: Service
    /// The manifest it belongs to (its accessories are metric sources too).
    public var manifest: Manifest?
    /// The manifest's SLOs.
    public var slo: SLO
    /// The service's instances now.
    public var instances: [FleetInstance]
    /// The router's JSON request log (nginx's access log), when it keeps one.
    public var accessLogPath: String?
    /// Wall-clock time now (the analysis window ends here).
    public var now: Date
    /// How to ask the manifest's Prometheus (its address resolved, a managed one started), if it has one.
    public var prometheus: PrometheusQuerySource.Settings?
    /// When the current step began: its routing was served from then on. A measurement covers no earlier
    /// time, so that it never mixes two traffic splits.
    public var stepStartedAt: Date?
    /// The router's weight of each instance taking live traffic now (instance id -> weight), for comparing
    /// loads; `nil` when unknown.
    public var routingWeights: [String: Int]?
    /// The platform's resource counters (CPU, memory), when it has them.
    public var resources: (any ResourceReader)?

    /// Creates a context.
    public init(service: Service, manifest: Manifest? = nil, slo: SLO, instances: [FleetInstance], accessLogPath: String?, now: Date,
                prometheus: PrometheusQuerySource.Settings? = nil, stepStartedAt: Date? = nil, routingWeights: [String: Int]? = nil,
                resources: (any ResourceReader)? = nil) {
        self.service = service
        self.manifest = manifest
        self.slo = slo
        self.instances = instances
        self.accessLogPath = accessLogPath
        self.now = now
        self.prometheus = prometheus
        self.stepStartedAt = stepStartedAt
        self.routingWeights = routingWeights
        self.resources = resources
    }
}

/// Judges a revision's metrics for a `runAnalysis` action. Implementations never throw: a source that
/// cannot be read makes the verdict inconclusive, with the reason.
public protocol AnalysisRunner: Sendable {
    /// The verdict for `request` over the window ending now.
    func analyze(_ request: AnalysisRequest, context: AnalysisContext) async -> AnalysisVerdict.Outcome

    /// The verdict and the warnings beside it (an objective breached by the stable revision too, a cache hit
    /// rate in the review band), for the deploy's events.
    func assess(_ request: AnalysisRequest, context: AnalysisContext) async -> (outcome: AnalysisVerdict.Outcome, warnings: [String])

    /// Whether this runner has a metric source for `service` at all. A service it cannot measure is rolled
    /// out on health checks alone (and the deploy says so) instead of being rolled back for lack of data.
    func canMeasure(_ service: Service, in manifest: Manifest) -> Bool
}

extension AnalysisRunner {
    /// The verdict without warnings, unless a runner says otherwise.
    public func assess(_ request: AnalysisRequest, context: AnalysisContext) async -> (outcome: AnalysisVerdict.Outcome, warnings: [String]) {
        (await analyze(request, context: context), [])
    }

    /// Every service, unless a runner says otherwise.
    public func canMeasure(_ service: Service, in manifest: Manifest) -> Bool { true }
}
