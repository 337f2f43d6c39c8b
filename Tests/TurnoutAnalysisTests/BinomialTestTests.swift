import Foundation
import Testing

@testable import TurnoutAnalysis

/// Exact binomial tails against values computed by hand (and by the complement rule).
struct BinomialTestTests {
    @Test(arguments: [
        (1, 50, 0.001, 1 - pow(0.999, 50)),
        (0, 10, 0.5, 1.0),
        (11, 10, 0.5, 0.0),
        (10, 10, 0.5, pow(0.5, 10)),
        (2, 3, 0.5, 0.5),
        (1, 100, 0.0, 0.0),
        (5, 100, 1.0, 1.0),
    ])
    func upperTail(k: Int, n: Int, p: Double, expected: Double) {
        #expect(abs(BinomialTest.upperTail(k, trials: n, probability: p) - expected) < 1e-12)
    }

    @Test func lowerTailIsTheComplementOfTheUpperOne() {
        for (k, n, p) in [(3, 20, 0.3), (0, 5, 0.7), (400, 1000, 0.42), (19, 20, 0.9)] {
            let sum = BinomialTest.lowerTail(k, trials: n, probability: p) + BinomialTest.upperTail(k + 1, trials: n, probability: p)
            #expect(abs(sum - 1) < 1e-9, "k=\(k) n=\(n) p=\(p)")
        }
    }

    @Test func largeCountsStayFiniteAndTiny() {
        let p = BinomialTest.upperTail(500, trials: 10_000, probability: 0.001)
        #expect(p >= 0 && p < 1e-100)
    }
}
