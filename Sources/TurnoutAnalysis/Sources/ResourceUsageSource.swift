import Foundation
import TurnoutManifest
import TurnoutRuntime
import TurnoutStrategies

/// CPU and resident memory of instances, from the platform's counters (`ResourceReader`: `/proc` for local
/// processes, the engine's cgroups for containers). CPU share = Δ CPU seconds over the wall time between two
/// readings, divided by the cores an instance may use (`coresPerInstance`). An instance read for the first
/// time is measured since it started (its CPU time over its age). Per revision the readings are the mean over
/// its instances (as a HorizontalPodAutoscaler averages utilisation).
public actor ResourceUsageSource: MetricSource {
    public nonisolated let name: String
    public nonisolated var measures: Set<AnalysisPolicy.Metric> { [.cpu] }
    /// The CPU an instance may use, in cores: its limit, or 1.
    public let coresPerInstance: Double
    private let reader: any ResourceReader
    private var history: [String: ScrapeHistory<ResourceUsage>] = [:]

    /// Creates the source over `reader`.
    public init(reader: any ResourceReader, coresPerInstance: Double = 1) {
        self.reader = reader
        name = reader.name
        self.coresPerInstance = max(0.001, coresPerInstance)
    }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        let wanted = Set(request.allRevisions)
        let targets = request.targets.filter { $0.handle != nil && (wanted.isEmpty || wanted.contains($0.revision)) }
        let read = await reader.usage(of: Dictionary(targets.map { ($0.id, $0.handle!) }, uniquingKeysWith: { $1 }))
        var sample = MetricSample(timestamp: request.now, problems: read.problems)
        var cores: [RevisionID: [Double]] = [:]
        var resident: [RevisionID: [Double]] = [:]
        var sinceStart: Set<RevisionID> = []
        let retention = max(900, request.window.seconds * 4)
        for target in targets {
            guard let now = read.usage[target.id] else { continue }
            let key = "\(target.id):\(now.generation)"
            if target.isWarmingUp(at: request.now) {
                // Only remembered, so that its first counted window starts here rather than at its start.
                history[key, default: ScrapeHistory(retention: retention)].record(now, at: request.now)
                continue
            }
            var used: Double?
            if let baseline = history[key]?.baseline(window: request.window(for: target).seconds, endingAt: request.now) {
                let seconds = request.now.timeIntervalSince(baseline.at)
                if seconds > 0, now.cpuSeconds >= baseline.value.cpuSeconds { used = (now.cpuSeconds - baseline.value.cpuSeconds) / seconds }
            } else {
                let age = request.now.timeIntervalSince(now.startedAt)
                if age > 0.05 { used = now.cpuSeconds / age }
                sinceStart.insert(target.revision)
            }
            history[key, default: ScrapeHistory(retention: retention)].record(now, at: request.now)
            resident[target.revision, default: []].append(now.residentBytes)
            if let used { cores[target.revision, default: []].append(used) }
        }
        for revision in Set(cores.keys).union(resident.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
            let source = sinceStart.contains(revision) ? "\(name) (since start)" : name
            if let list = cores[revision], !list.isEmpty {
                let mean = list.reduce(0, +) / Double(list.count) / coresPerInstance
                sample.readings.append(.of(revision, .cpu, mean, samples: list.count, source: source))
            }
            if let list = resident[revision], !list.isEmpty {
                sample.readings.append(.of(revision, .memoryRSS, list.reduce(0, +) / Double(list.count), samples: list.count, source: name))
            }
        }
        return sample
    }
}
