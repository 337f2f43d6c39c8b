import Foundation
import TurnoutManifest

/// Reads Redis: the cache hit rate over the window (from `keyspace_hits` and `keyspace_misses` deltas), used
/// memory as a share of `maxmemory` (of `total_system_memory` when no limit is set), the pending jobs of
/// each queue (the sum of `LLEN` over the queue's lists) and, when asked, each queue's completed-jobs counter.
///
/// Counters come from the `INFO` taken when the window began (or the oldest kept). With no earlier `INFO`,
/// or after a restart (`run_id` changed, counters went down), the counts since the server started are used.
/// A window without any cache lookup yields no hit rate (and says so), never a made-up one. The source's own
/// `LLEN` and `GET` lookups are not counted.
public actor RedisInfoSource: MetricSource {
    /// Where Redis is and which lists hold queued jobs.
    public struct Settings: Sendable, Hashable {
        /// The server.
        public var endpoint: RedisClient.Endpoint
        /// Per queue name, the lists holding its pending jobs.
        public var queueKeys: [String: [String]]
        /// Per queue name, a counter of its completed jobs (read with `GET`; a missing key reads as 0).
        public var completedKeys: [String: String]
        /// How long one call may take.
        public var timeout: TimeSpan

        /// Creates settings.
        public init(endpoint: RedisClient.Endpoint, queueKeys: [String: [String]] = [:], completedKeys: [String: String] = [:],
                    timeout: TimeSpan = .seconds(2)) {
            self.endpoint = endpoint
            self.queueKeys = queueKeys
            self.completedKeys = completedKeys
            self.timeout = timeout
        }
    }

    /// The bundled worker's lists for `queues`: `turnout:queue:<name>:high` and `turnout:queue:<name>:low`.
    public static func defaultQueueKeys(_ queues: [String], prefix: String = "turnout") -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: queues.map { ($0, ["\(prefix):queue:\($0):high", "\(prefix):queue:\($0):low"]) })
    }

    /// The bundled worker's completed-jobs counters for `queues`: `turnout:completed:<name>`.
    public static func defaultCompletedKeys(_ queues: [String], prefix: String = "turnout") -> [String: String] {
        Dictionary(uniqueKeysWithValues: queues.map { ($0, "\(prefix):completed:\($0)") })
    }

    struct Counters: Sendable {
        var hits: Double
        var misses: Double
        var runID: String?
    }

    public nonisolated let name = "redis"
    public nonisolated var measures: Set<AnalysisPolicy.Metric> {
        settings.queueKeys.isEmpty ? [.cacheHitRate, .redisMemory] : [.cacheHitRate, .redisMemory, .queueLength]
    }
    /// The settings.
    public let settings: Settings
    private var history = ScrapeHistory<Counters>()
    private var lengths = ScrapeHistory<[String: Double]>()

    /// Creates the source.
    public init(settings: Settings) { self.settings = settings }

    public func sample(_ request: SampleRequest) async -> MetricSample {
        let queues = settings.queueKeys.keys.sorted()
        // LLEN counts as a keyspace hit or miss: run the LLENs first, then INFO, and take this call's own
        // lookups back out of the counters (a list that exists has a length of at least 1).
        let lengths = queues.flatMap { queue in (settings.queueKeys[queue] ?? []).map { ["LLEN", $0] } }
        let counted = settings.completedKeys.keys.sorted()
        let gets = counted.map { ["GET", settings.completedKeys[$0] ?? ""] }
        let commands = lengths + gets + [["INFO"]]
        let client = RedisClient(endpoint: settings.endpoint, timeout: settings.timeout)
        var sample = MetricSample(timestamp: request.now)
        let where_ = "\(settings.endpoint.host):\(settings.endpoint.port)"
        let replies: [RESPReply]
        switch await client.run(commands) {
        case .failure(let failure):
            sample.problems.append("cannot read Redis (\(failure.description))")
            return sample
        case .success(let list):
            replies = list
        }
        guard replies.count == commands.count, case .bulk(let infoBytes?) = replies[lengths.count + gets.count] else {
            sample.problems.append("Redis at \(where_) answered INFO with \(replies.last.map { "\($0)" } ?? "nothing")")
            return sample
        }
        let info = RedisInfo(String(decoding: infoBytes, as: UTF8.self))
        var ownHits = 0.0, ownMisses = 0.0
        for reply in replies.prefix(lengths.count) {
            if case .integer(let length) = reply { if length > 0 { ownHits += 1 } else { ownMisses += 1 } }
        }
        for (queue, reply) in zip(counted, replies.dropFirst(lengths.count).prefix(gets.count)) {
            switch reply {
            case .bulk(let bytes?):
                ownHits += 1
                if let count = Double(String(decoding: bytes, as: UTF8.self)) {
                    sample.readings.append(MetricReading(.completedJobs, subject: queue, value: count, source: "redis GET \(settings.completedKeys[queue] ?? "")"))
                } else {
                    sample.problems.append("GET \(settings.completedKeys[queue] ?? "") is not a number")
                }
            case .bulk(nil):
                ownMisses += 1
                sample.readings.append(MetricReading(.completedJobs, subject: queue, value: 0, source: "redis GET \(settings.completedKeys[queue] ?? "") (no such key)"))
            default:
                sample.problems.append("GET \(settings.completedKeys[queue] ?? "") failed: \(reply.text ?? "unexpected reply")")
            }
        }
        sample.readings += hitRate(info, ownHits: ownHits, ownMisses: ownMisses, request: request, problems: &sample.problems)
        if let used = info.usedMemory {
            if let limit = info.maxMemory, limit > 0 {
                sample.readings.append(MetricReading(.redisMemory, subject: "redis", value: used / limit, source: "redis INFO used_memory/maxmemory"))
            } else if let total = info.totalSystemMemory, total > 0 {
                sample.readings.append(MetricReading(.redisMemory, subject: "redis", value: used / total, source: "redis INFO used_memory/total_system_memory (no maxmemory set)"))
            } else {
                sample.problems.append("Redis at \(where_) reports neither maxmemory nor total_system_memory")
            }
        } else {
            sample.problems.append("Redis INFO at \(where_) has no used_memory")
        }
        var index = 0
        for queue in queues {
            var pending = 0.0
            var readable = true
            for key in settings.queueKeys[queue] ?? [] {
                defer { index += 1 }
                guard index < replies.count, case .integer(let length) = replies[index] else {
                    readable = false
                    sample.problems.append("LLEN \(key) failed: \(index < replies.count ? (replies[index].text ?? "not an integer") : "no reply")")
                    continue
                }
                pending += Double(length)
            }
            if readable { sample.readings.append(MetricReading(.queueLength, subject: queue, value: pending, source: "redis LLEN")) }
        }
        sample.readings += trends(sample.readings.filter { $0.name == .queueLength }, request: request)
        return sample
    }

    /// Each queue's growth per second over the window: the least-squares slope of the lengths read at this
    /// source's calls inside the window and now, when there are at least three; `samples` is the number of
    /// readings and the reading's subject the queue.
    private func trends(_ now: [MetricReading], request: SampleRequest) -> [MetricReading] {
        let current = Dictionary(now.map { ($0.subject, $0.value) }, uniquingKeysWith: { $1 })
        let start = request.now.addingTimeInterval(-request.window.seconds)
        let earlier = lengths.entries.filter { $0.at >= start && $0.at < request.now }
        lengths.record(current, at: request.now)
        return current.keys.sorted().compactMap { queue -> MetricReading? in
            let series = (earlier + [(at: request.now, value: current)]).compactMap { entry in
                entry.value[queue].map { (x: entry.at.timeIntervalSince(start), y: $0) }
            }
            guard series.count >= 3, let slope = LinearTrend.slope(series), let first = series.first, let last = series.last else { return nil }
            let span = MetricName.format(last.x - first.x, digits: 1)
            return MetricReading(.queueGrowth, subject: queue, value: slope, samples: series.count,
                                 source: "redis LLEN, least squares over \(series.count) readings in \(span) s, rise \(Int(last.y - first.y))")
        }
    }

    /// The hit rate over the window from the counters' deltas.
    private func hitRate(_ info: RedisInfo, ownHits: Double, ownMisses: Double, request: SampleRequest, problems: inout [String]) -> [MetricReading] {
        guard let hits = info.keyspaceHits, let misses = info.keyspaceMisses else {
            problems.append("Redis INFO has no keyspace_hits/keyspace_misses")
            return []
        }
        let now = Counters(hits: hits, misses: misses, runID: info.runID)
        let baseline = history.baseline(window: request.window.seconds, endingAt: request.now)?.value
        history.record(now, at: request.now)
        var source = "redis INFO keyspace_hits/misses"
        var deltaHits = hits, deltaMisses = misses
        if let baseline, baseline.runID == now.runID, hits >= baseline.hits, misses >= baseline.misses {
            deltaHits -= baseline.hits
            deltaMisses -= baseline.misses
        } else {
            source += " (counts since server start)"
        }
        deltaHits = max(0, deltaHits - ownHits)
        deltaMisses = max(0, deltaMisses - ownMisses)
        let lookups = deltaHits + deltaMisses
        guard lookups > 0 else {
            problems.append("no cache lookups in Redis over the last \(request.window)")
            return []
        }
        return [MetricReading(.cacheHitRate, subject: "redis", value: deltaHits / lookups, samples: Int(lookups), source: source)]
    }
}
