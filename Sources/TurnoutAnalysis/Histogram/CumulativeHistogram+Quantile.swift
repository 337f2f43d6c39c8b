extension CumulativeHistogram {
    /// The `q`-quantile (0...1) estimated as PromQL's `histogram_quantile` does: find the bucket holding rank
    /// `q * total` and interpolate linearly between its lower and upper bound (the lower bound of the first
    /// bucket is 0 when its upper bound is positive). A rank in the `+Inf` bucket answers the largest finite
    /// bound. `nil` when there are no observations, no `+Inf` bucket, fewer than two buckets or `q` is
    /// outside 0...1.
    public func quantile(_ q: Double) -> Double? {
        guard q >= 0, q <= 1, buckets.count >= 2, buckets.last?.upperBound == .infinity else { return nil }
        // Like Prometheus, repair non-monotonic counts (scrapes racing with observations) by carrying the max.
        var counts: [Double] = []
        for bucket in buckets { counts.append(max(counts.last ?? 0, bucket.count)) }
        let observations = counts[counts.count - 1]
        guard observations > 0 else { return nil }
        var rank = q * observations
        guard let index = counts.firstIndex(where: { $0 >= rank }) else { return nil }
        if index == buckets.count - 1 { return buckets[buckets.count - 2].upperBound }
        if index == 0, buckets[0].upperBound <= 0 { return buckets[0].upperBound }
        var start = 0.0
        let end = buckets[index].upperBound
        var count = counts[index]
        if index > 0 {
            start = buckets[index - 1].upperBound
            count -= counts[index - 1]
            rank -= counts[index - 1]
        }
        guard count > 0 else { return end }
        return start + (end - start) * (rank / count)
    }
}
