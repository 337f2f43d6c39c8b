import Foundation

/// The standard normal distribution, for the tests' normal approximations.
public enum NormalDistribution {
    /// P(Z <= z).
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(Z >= z), accurate far into the tail.
    public static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
