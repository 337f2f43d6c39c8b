/// The two-proportion z-test, one-sided: is the candidate's failure share above the baseline's? Pooled
/// standard error: z = (p1 − p2) / √(p(1 − p)(1/n1 + 1/n2)) with p = (x1 + x2) / (n1 + n2).
public struct TwoProportionTest: Sendable, Hashable {
    /// Candidate failures.
    public var candidateFailures: Double
    /// Candidate trials.
    public var candidateTrials: Double
    /// Baseline failures.
    public var baselineFailures: Double
    /// Baseline trials.
    public var baselineTrials: Double
    /// The standardized difference (0 when both shares are 0 or 1).
    public var z: Double
    /// One-sided p-value for "candidate share larger" (1 when undefined).
    public var pValue: Double

    /// Candidate share.
    public var candidateShare: Double { candidateTrials > 0 ? candidateFailures / candidateTrials : 0 }
    /// Baseline share.
    public var baselineShare: Double { baselineTrials > 0 ? baselineFailures / baselineTrials : 0 }

    /// Runs the test.
    public static func test(candidateFailures x1: Double, candidateTrials n1: Double, baselineFailures x2: Double, baselineTrials n2: Double) -> TwoProportionTest {
        var z = 0.0, p = 1.0
        if n1 > 0, n2 > 0 {
            let pooled = (x1 + x2) / (n1 + n2)
            let standardError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
            if standardError > 0 {
                z = (x1 / n1 - x2 / n2) / standardError
                p = NormalDistribution.upperTail(z)
            }
        }
        return TwoProportionTest(candidateFailures: x1, candidateTrials: n1, baselineFailures: x2, baselineTrials: n2, z: z, pValue: p)
    }
}
