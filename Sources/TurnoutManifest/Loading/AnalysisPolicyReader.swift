/// Reads an `analysis` mapping of a strategy.
struct AnalysisPolicyReader {
    let reader: MappingReader

    func read() -> AnalysisPolicy {
        var policy = AnalysisPolicy()
        if let value = reader.duration("interval", in: TimeSpan.seconds(1)...TimeSpan.seconds(3600)) { policy.interval = value }
        if let value = reader.duration("window", in: TimeSpan.seconds(1)...TimeSpan.seconds(86_400)) { policy.window = value }
        if let value = reader.duration("warmup", in: TimeSpan.zero...TimeSpan.seconds(3600)) { policy.warmup = value }
        if let value = reader.int("failure_limit", in: 1...100) { policy.failureLimit = value }
        if let value = reader.int("min_samples", in: 0...10_000_000) { policy.minSamples = value }
        if let value = reader.choice("inconclusive", AnalysisPolicy.InconclusiveAction.allCases.map { ($0.rawValue, $0) }) {
            policy.inconclusive = value
        }
        if let value = reader.int("inconclusive_limit", in: 1...100) { policy.inconclusiveLimit = value }
        if let value = reader.bool("compare_with_stable") { policy.compareWithStable = value }
        if let value = reader.bool("fail_fast") { policy.failFast = value }
        if let value = reader.number("fail_fast_margin", in: 1...100) { policy.failFastMargin = value }
        if let names = reader.stringList("metrics", what: "a list of metric names") {
            var metrics: [AnalysisPolicy.Metric] = []
            let known = AnalysisPolicy.Metric.allCases.map(\.rawValue)
            for (index, name) in names.enumerated() {
                if let metric = AnalysisPolicy.Metric(rawValue: name) {
                    if !metrics.contains(metric) { metrics.append(metric) }
                } else {
                    let suggestion = DidYouMean.suggestion(for: name, among: known)
                    reader.collector.add(.invalidValue, path: reader.path.appending("metrics").appending(index: index),
                                         "unknown metric '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                                         hint: "metrics: \(known.joined(separator: ", "))")
                }
            }
            policy.metrics = metrics
        }
        if policy.window < policy.interval {
            reader.problem(.invalidValue, reader.has("window") ? "window" : "interval",
                           "window \(policy.window) is shorter than interval \(policy.interval): measurements would skip time",
                           hint: "make the window at least as long as the interval")
        }
        reader.finish()
        return policy
    }
}
