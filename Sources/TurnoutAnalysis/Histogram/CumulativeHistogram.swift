/// A Prometheus-style cumulative histogram: for each upper bound `le`, how many observations were at most
/// that value. Used both for a scrape (counts since the process started) and for a window (the difference
/// of two scrapes).
public struct CumulativeHistogram: Sendable, Hashable {
    /// One cumulative bucket.
    public struct Bucket: Sendable, Hashable {
        /// The bucket's upper bound (`le`); `+Inf` for the last.
        public var upperBound: Double
        /// Observations at most `upperBound` (cumulative).
        public var count: Double

        /// Creates a bucket.
        public init(upperBound: Double, count: Double) {
            self.upperBound = upperBound
            self.count = count
        }
    }

    /// The buckets, sorted by upper bound, one per bound.
    public private(set) var buckets: [Bucket]
    /// The sum of the observations (`_sum`), when known.
    public var sum: Double?
    /// The number of observations (`_count`), when known.
    public var count: Double?

    /// Creates a histogram; the buckets are sorted by bound and duplicate bounds added together.
    public init(buckets: [Bucket], sum: Double? = nil, count: Double? = nil) {
        var merged: [Double: Double] = [:]
        for bucket in buckets where !bucket.upperBound.isNaN { merged[bucket.upperBound, default: 0] += bucket.count }
        self.buckets = merged.map { Bucket(upperBound: $0.key, count: $0.value) }.sorted { $0.upperBound < $1.upperBound }
        self.sum = sum
        self.count = count
    }

    /// Creates a histogram from observations and finite bucket bounds (a `+Inf` bucket is added).
    public init(observations: [Double], bounds: [Double]) {
        let finite = Array(Set(bounds.filter { $0.isFinite })).sorted()
        var list = finite.map { bound in Bucket(upperBound: bound, count: Double(observations.count { $0 <= bound })) }
        list.append(Bucket(upperBound: .infinity, count: Double(observations.count)))
        self.init(buckets: list, sum: observations.reduce(0, +), count: Double(observations.count))
    }

    /// The number of observations: the `+Inf` bucket, else `_count`, else the last bucket.
    public var total: Double {
        if let last = buckets.last, last.upperBound == .infinity { return last.count }
        return count ?? buckets.last?.count ?? 0
    }

    /// Whether `later` cannot have followed `self` without a counter reset (a restarted process): some
    /// bucket, the count or the sum went down.
    public func isReset(by later: CumulativeHistogram) -> Bool {
        let earlier = Dictionary(buckets.map { ($0.upperBound, $0.count) }, uniquingKeysWith: +)
        for bucket in later.buckets where bucket.count < (earlier[bucket.upperBound] ?? 0) { return true }
        if let before = count, let after = later.count, after < before { return true }
        if let before = sum, let after = later.sum, after < before, before >= 0 { return true }
        return false
    }

    /// The observations made between `earlier` and `self`: bucket by bucket differences. With no earlier
    /// scrape, or after a counter reset, `self` is the difference (its counters started from zero).
    public func delta(since earlier: CumulativeHistogram?) -> CumulativeHistogram {
        guard let earlier, !earlier.isReset(by: self) else { return self }
        let before = Dictionary(earlier.buckets.map { ($0.upperBound, $0.count) }, uniquingKeysWith: +)
        let list = buckets.map { Bucket(upperBound: $0.upperBound, count: $0.count - (before[$0.upperBound] ?? 0)) }
        let sum = self.sum.flatMap { now in earlier.sum.map { now - $0 } }
        let count = self.count.flatMap { now in earlier.count.map { now - $0 } }
        return CumulativeHistogram(buckets: list, sum: sum, count: count)
    }

    /// The histogram of both sets of observations. Bounds present in only one side take, for the other, its
    /// count at the nearest lower bound it has (never more than it observed there).
    public static func + (lhs: CumulativeHistogram, rhs: CumulativeHistogram) -> CumulativeHistogram {
        let bounds = Set(lhs.buckets.map(\.upperBound)).union(rhs.buckets.map(\.upperBound)).sorted()
        let list = bounds.map { Bucket(upperBound: $0, count: lhs.cumulativeCount(at: $0) + rhs.cumulativeCount(at: $0)) }
        let sum = lhs.sum.flatMap { left in rhs.sum.map { left + $0 } }
        let count = lhs.count.flatMap { left in rhs.count.map { left + $0 } }
        return CumulativeHistogram(buckets: list, sum: sum, count: count)
    }

    /// The cumulative count at `bound`: that of the largest bucket bound not above it (0 below the first).
    public func cumulativeCount(at bound: Double) -> Double {
        buckets.last(where: { $0.upperBound <= bound })?.count ?? 0
    }

    /// The per-bucket (non-cumulative) counts, in bound order, for rank tests over bucketed observations.
    public var bucketCounts: [Double] {
        var previous = 0.0
        return buckets.map { bucket in
            defer { previous = max(previous, bucket.count) }
            return max(0, bucket.count - previous)
        }
    }
}
