import Foundation

/// Exact binomial tails, for judging a share from a count: how likely `k` or more (or `k` or fewer) failures
/// in `n` trials are when each fails with probability `p`. Summed in log space, so large `n` stay exact.
public enum BinomialTest {
    /// P(X ≥ k) for X ~ Binomial(n, p).
    public static func upperTail(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        return min(1, (k...n).reduce(0) { $0 + probability(of: $1, trials: n, p) })
    }

    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func lowerTail(_ k: Int, trials n: Int, probability p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        return upperTail(n - k, trials: n, probability: 1 - p)
    }

    /// P(X = k).
    static func probability(of k: Int, trials n: Int, _ p: Double) -> Double {
        let logChoose = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }
}
