import TurnoutAnalysis

/// Which cache hit rate `turnout doctor` reports: the API instances' own `cache_hits_total` and
/// `cache_misses_total` (their differences over the window, summed over every instance that exports them),
/// which count exactly the application's cache reads; else Redis `INFO` keyspace hits and misses, which also
/// count every other lookup on the server (the API's generation key, queue traffic).
enum DoctorCacheHitRate {
    /// The instances' rate when any instance counted a lookup in the window (`instances` are per-revision
    /// `cache_hit_rate` readings of the web services, with the lookups as samples), else `redis`'s rate,
    /// with a source that says which was used.
    static func choose(instances: [MetricReading], redis: MetricReading?) -> MetricReading? {
        let counted = instances.filter { $0.name == .cacheHitRate && ($0.samples ?? 0) > 0 && !$0.value.isNaN }
        let lookups = counted.reduce(0) { $0 + ($1.samples ?? 0) }
        guard lookups > 0 else {
            guard var redis else { return nil }
            redis.source += " (server-wide, generation-key and queue lookups included: the API instances export no cache_hits_total/cache_misses_total)"
            return redis
        }
        let hits = counted.reduce(0.0) { $0 + $1.value * Double($1.samples ?? 0) }
        let subjects = Set(counted.map(\.subject)).sorted().joined(separator: ", ")
        return MetricReading(.cacheHitRate, subject: "api instances", value: hits / Double(lookups), samples: lookups,
                             source: "the API instances' cache_hits_total/cache_misses_total over the window (\(subjects))")
    }
}
