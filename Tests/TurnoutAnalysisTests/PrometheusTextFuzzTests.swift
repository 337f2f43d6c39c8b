import Testing

@testable import TurnoutAnalysis

/// The parser must survive anything: random bytes, and valid pages with random edits. It never traps, every
/// line is either a sample, a comment or an issue, and rendered samples parse back to themselves.
struct PrometheusTextFuzzTests {
    static let seedPage = """
        # HELP http_request_duration_seconds HTTP request latency by route template and status class
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{method="GET",route="/api/v1/posts",status="2xx",le="0.005"} 10
        http_request_duration_seconds_bucket{method="GET",route="/api/v1/posts",status="2xx",le="0.1"} 25
        http_request_duration_seconds_bucket{method="GET",route="/api/v1/posts",status="2xx",le="+Inf"} 30
        http_request_duration_seconds_sum{method="GET",route="/api/v1/posts",status="2xx"} 1.25
        http_request_duration_seconds_count{method="GET",route="/api/v1/posts",status="2xx"} 30
        # TYPE weird gauge
        weird{msg="a \\"quoted\\" \\\\ back\\nslash"} NaN 1712345678000
        weird{msg="inf"} -Inf
        """

    static let alphabet: [UInt8] = Array("{}=\",\\ \t\n#_:aZ09.+-eEInfNa\r\"le".utf8) + [0, 0xFF, 0xC3, 0xA9]

    @Test func randomBytesNeverTrap() {
        var random = SeededRandom(seed: 1)
        var issues = 0, samples = 0
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random) ? Self.alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            let document = PrometheusText.parse(String(decoding: bytes, as: UTF8.self))
            issues += document.issues.count
            samples += document.samples.count
            #expect(document.issues.allSatisfy { $0.line >= 1 })
        }
        #expect(issues > 0)
    }

    @Test func mutatedPagesNeverTrapAndKeepTheirGoodLines() {
        var random = SeededRandom(seed: 2)
        let original = Array(Self.seedPage.utf8)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<max(1, bytes.count), using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
                case 1: bytes.insert(Self.alphabet.randomElement(using: &random)!, at: min(position, bytes.count))
                case 2 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
                default:
                    let cut = min(position, bytes.count)
                    bytes = Array(bytes[..<cut]) + Array(bytes[cut...].dropFirst(Int.random(in: 0...20, using: &random)))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let document = PrometheusText.parse(text)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(document.samples.count + document.issues.count <= lines)
            #expect(document.issues.allSatisfy { $0.line >= 1 && $0.line <= lines })
        }
    }

    @Test func renderedRandomSamplesRoundTrip() {
        var random = SeededRandom(seed: 3)
        let characters = Array("aZ_0 \"\\\n{}=,é💥:#")
        for _ in 0..<2000 {
            var labels: [String: String] = [:]
            for index in 0..<Int.random(in: 0...4, using: &random) {
                let value = String((0..<Int.random(in: 0...8, using: &random)).map { _ in characters.randomElement(using: &random)! })
                labels["l\(index)"] = value
            }
            let values: [Double] = [.infinity, -.infinity, .nan, 0, -0.5, 1e-9, 123_456_789, Double.random(in: -1e6...1e6, using: &random)]
            let sample = PrometheusSample(
                name: "m_\(Int.random(in: 0...9, using: &random)):x", labels: labels, value: values.randomElement(using: &random)!,
                timestamp: Bool.random(using: &random) ? Int64.random(in: -1_000...2_000_000_000_000, using: &random) : nil)
            let document = PrometheusText.parse(PrometheusText.render(sample))
            #expect(document.issues.isEmpty, "\(PrometheusText.render(sample)): \(document.issues)")
            #expect(document.samples == [sample])
        }
    }
}
