import Testing

@testable import TurnoutAnalysis

/// Quantiles checked against values computed by hand with PromQL's histogram_quantile rule, window deltas,
/// counter resets and the error share by status class.
struct CumulativeHistogramTests {
    static func histogram(_ pairs: [(Double, Double)]) -> CumulativeHistogram {
        CumulativeHistogram(buckets: pairs.map { .init(upperBound: $0.0, count: $0.1) })
    }

    /// le 0.1: 10, 0.2: 30, 0.5: 45, +Inf: 50.
    static let scrape = histogram([(0.1, 10), (0.2, 30), (0.5, 45), (.infinity, 50)])

    @Test("quantiles by hand", arguments: [
        (0.0, 0.0),  // rank 0 in the first bucket: its lower bound
        (0.1, 0.05),  // rank 5 of 10 in [0, 0.1]
        (0.5, 0.175),  // rank 25: 15 of 20 in [0.1, 0.2]
        (0.8, 0.4),  // rank 40: 10 of 15 in [0.2, 0.5]
        (0.9, 0.5),  // rank 45: the top of [0.2, 0.5]
        (0.95, 0.5),  // rank 47.5 in +Inf: the largest finite bound
        (1.0, 0.5),
    ])
    func quantiles(_ q: Double, _ expected: Double) throws {
        let value = try #require(Self.scrape.quantile(q))
        #expect(abs(value - expected) < 1e-12, "q=\(q): \(value)")
    }

    @Test func quantileNeedsObservationsAndAnInfBucket() {
        #expect(Self.histogram([(0.1, 0), (.infinity, 0)]).quantile(0.5) == nil)
        #expect(Self.histogram([(0.1, 5), (0.2, 7)]).quantile(0.5) == nil)
        #expect(Self.histogram([(.infinity, 7)]).quantile(0.5) == nil)
        #expect(Self.scrape.quantile(-0.1) == nil)
        #expect(Self.scrape.quantile(1.1) == nil)
    }

    @Test func nonMonotonicBucketsAreRepaired() throws {
        // A scrape racing an observation: 0.2 shows fewer than 0.1. Counts carry the max, as Prometheus does.
        let racy = Self.histogram([(0.1, 12), (0.2, 11), (0.5, 20), (.infinity, 20)])
        #expect(try #require(racy.quantile(0.5)) == 0.1 * (10 / 12))
    }

    @Test func negativeFirstBoundAnswersTheBound() {
        #expect(Self.histogram([(-1, 5), (0, 8), (.infinity, 10)]).quantile(0.2) == -1)
    }

    @Test func windowFromTwoScrapes() throws {
        let end = Self.histogram([(0.1, 110), (0.2, 130), (0.5, 245), (.infinity, 250)])
        let window = end.delta(since: Self.scrape)
        #expect(window.buckets.map(\.count) == [100, 100, 200, 200])
        #expect(window.total == 200)
        // P95: rank 190, 90 of 100 in [0.2, 0.5] -> 0.47; P99: rank 198 -> 0.494; P50: rank 100 -> 0.1.
        #expect(abs(try #require(window.quantile(0.95)) - 0.47) < 1e-12)
        #expect(abs(try #require(window.quantile(0.99)) - 0.494) < 1e-12)
        #expect(abs(try #require(window.quantile(0.5)) - 0.1) < 1e-12)
    }

    @Test func counterResetTakesTheEndAsTheDelta() {
        let restarted = Self.histogram([(0.1, 3), (0.2, 4), (0.5, 4), (.infinity, 5)])
        #expect(Self.scrape.isReset(by: restarted))
        #expect(restarted.delta(since: Self.scrape) == restarted)
        #expect(!Self.scrape.isReset(by: Self.scrape))
        #expect(Self.scrape.delta(since: nil) == Self.scrape)
    }

    @Test func sumAndCountDeltas() {
        let start = CumulativeHistogram(buckets: [.init(upperBound: .infinity, count: 4)], sum: 1.5, count: 4)
        let end = CumulativeHistogram(buckets: [.init(upperBound: .infinity, count: 10)], sum: 4, count: 10)
        let window = end.delta(since: start)
        #expect(window.sum == 2.5)
        #expect(window.count == 6)
    }

    @Test func mergingInstances() {
        let a = Self.histogram([(0.1, 1), (0.2, 2), (.infinity, 3)])
        let b = Self.histogram([(0.1, 10), (0.2, 20), (.infinity, 30)])
        #expect((a + b).buckets.map(\.count) == [11, 22, 33])
        // A bound only one side has takes the other's count at its nearest lower bound.
        let c = Self.histogram([(0.1, 10), (.infinity, 30)])
        #expect((a + c).buckets.map(\.count) == [11, 12, 33])
    }

    @Test func fromObservations() {
        let histogram = CumulativeHistogram(observations: [0.05, 0.1, 0.15, 0.7], bounds: [0.1, 0.5])
        #expect(histogram.buckets.map(\.count) == [2, 3, 4])
        #expect(histogram.bucketCounts == [2, 1, 1])
        #expect(histogram.sum == 1.0)
    }

    @Test func errorShareFromStatusClasses() {
        let ok = Self.histogram([(0.1, 150), (0.5, 198), (.infinity, 200)])
        let clientErrors = Self.histogram([(0.1, 10), (.infinity, 10)])
        let serverErrors = Self.histogram([(0.1, 2), (.infinity, 2)])
        let window = RequestWindow.from([
            ["route": "/a", "status": "2xx"]: ok, ["route": "/a", "status": "4xx"]: clientErrors,
            ["route": "/a", "status": "5xx"]: serverErrors,
        ])
        #expect(window.requests == 212)
        #expect(window.errors == 2)
        #expect(window.errorShare == 2.0 / 212)
        // Latency covers the answered requests (2xx and 4xx), not the failures.
        #expect(window.latency.total == 210)
        let both = window + window
        #expect(both.requests == 424)
        #expect(both.errors == 4)
        #expect(RequestWindow.empty.errorShare == nil)
    }
}
