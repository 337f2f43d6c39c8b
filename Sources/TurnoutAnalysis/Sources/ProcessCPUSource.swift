import Foundation
import TurnoutManifest
import TurnoutStrategies

/// CPU and resident memory of local instances, from `/proc`. CPU share = Δ(utime + stime) / CLK_TCK over the
/// wall time between two readings, divided by the cores an instance may use (`coresPerInstance`). A process
/// read for the first time is measured since it started (its CPU time over its age). Per revision the readings
/// are the mean over its instances (as a HorizontalPodAutoscaler averages utilisation).
public actor ProcessCPUSource: MetricSource {
    public nonisolated let name = "/proc"
    public nonisolated var measures: Set<AnalysisPolicy.Metric> { [.cpu] }
    /// The CPU an instance may use, in cores: its limit, or 1 for a single-threaded local process.
    public let coresPerInstance: Double
    private var history: [String: ScrapeHistory<ProcessCPU>] = [:]
    private let reader: @Sendable (Int32) -> ProcessCPU?
    private let uptime: @Sendable () -> Double?

    /// Creates the source.
    public init(coresPerInstance: Double = 1) {
        self.init(coresPerInstance: coresPerInstance, reader: { ProcessCPU.read(pid: $0) }, uptime: { ProcessCPU.uptime() })
    }

    /// Creates the source over other readers (tests).
    init(coresPerInstance: Double, reader: @escaping @Sendable (Int32) -> ProcessCPU?, uptime: @escaping @Sendable () -> Double?) {
        self.coresPerInstance = max(0.001, coresPerInstance)
        self.reader = reader
        self.uptime = uptime
    }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        let wanted = Set(request.allRevisions)
        var sample = MetricSample(timestamp: request.now)
        var cores: [RevisionID: [Double]] = [:]
        var resident: [RevisionID: [Double]] = [:]
        var sinceStart: Set<RevisionID> = []
        for target in request.targets where wanted.isEmpty || wanted.contains(target.revision) {
            guard let pid = target.pid else { continue }
            guard let now = reader(pid) else {
                sample.problems.append("cannot read /proc/\(pid) of \(target.id) (\(target.revision)): no such process")
                continue
            }
            let key = "\(pid):\(now.startTicks)"
            if target.isWarmingUp(at: request.now) {
                history[key, default: ScrapeHistory(retention: max(900, request.window.seconds * 4))].record(now, at: request.now)
                continue
            }
            var used: Double?
            if let baseline = history[key]?.baseline(window: request.window(for: target).seconds, endingAt: request.now) {
                used = ProcessCPU.cores(from: baseline.value, to: now, seconds: request.now.timeIntervalSince(baseline.at))
            } else if let up = uptime() {
                let age = up - Double(now.startTicks) / ProcessCPU.ticksPerSecond
                if age > 0.05 { used = Double(now.cpuTicks) / ProcessCPU.ticksPerSecond / age }
                sinceStart.insert(target.revision)
            }
            history[key, default: ScrapeHistory(retention: max(900, request.window.seconds * 4))].record(now, at: request.now)
            resident[target.revision, default: []].append(now.residentBytes)
            if let used { cores[target.revision, default: []].append(used) }
        }
        for revision in Set(cores.keys).union(resident.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
            let source = sinceStart.contains(revision) ? "/proc stat (since process start)" : "/proc stat"
            if let list = cores[revision], !list.isEmpty {
                let mean = list.reduce(0, +) / Double(list.count) / coresPerInstance
                sample.readings.append(.of(revision, .cpu, mean, samples: list.count, source: source))
            }
            if let list = resident[revision], !list.isEmpty {
                sample.readings.append(.of(revision, .memoryRSS, list.reduce(0, +) / Double(list.count), samples: list.count, source: "/proc statm"))
            }
        }
        return sample
    }
}
