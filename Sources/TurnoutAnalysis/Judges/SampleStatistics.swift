/// Order statistics of raw samples.
public enum SampleStatistics {
    /// The nearest-rank percentile (`p` in 0...100): the smallest value with at least p % of the samples at
    /// or below it; `nil` for no samples.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The median (the mean of the two middle values for an even count); `nil` for no samples.
    public static func median(_ values: [Double]) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The mean of the values left when `fraction` of them is cut off at each end (0.1: the middle 80 %);
    /// `nil` for no samples. Finer than the median where latencies are logged to the millisecond, and unlike
    /// the mean not moved by a few stragglers.
    public static func trimmedMean(_ values: [Double], cutting fraction: Double = 0.1) -> Double? {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return nil }
        let cut = min(Int(Double(sorted.count) * min(max(fraction, 0), 0.49)), (sorted.count - 1) / 2)
        let kept = sorted[cut..<(sorted.count - cut)]
        return kept.reduce(0, +) / Double(kept.count)
    }
}
