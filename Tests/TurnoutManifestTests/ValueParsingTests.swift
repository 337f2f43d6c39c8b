import Testing
@testable import TurnoutManifest

/// Durations, percentages, sizes and CPU amounts parse exactly and reject everything else.
@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("500ms", 500), ("30s", 30_000), ("5m", 300_000), ("1h", 3_600_000), ("1m30s", 90_000), ("1.5s", 1500),
        ("0s", 0), ("2h15m", 8_100_000),
    ])
    func durationsParse(_ text: String, _ milliseconds: Int64) {
        #expect(TimeSpan.parse(text) == TimeSpan(milliseconds: milliseconds))
    }

    @Test(arguments: ["", "30", "s", "30 s", "30sec", "-5s", "1s1m", "5m5m", "1e3s", "..s", "30S", "nan", "9999999999999999h"])
    func malformedDurationsAreRejected(_ text: String) {
        #expect(TimeSpan.parse(text) == nil)
    }

    @Test func durationsRenderCanonically() {
        #expect(TimeSpan(milliseconds: 90_000).description == "1m30s")
        #expect(TimeSpan(milliseconds: 250).description == "250ms")
        #expect(TimeSpan(milliseconds: 1500).simpleText == "1500ms")
        #expect(TimeSpan.seconds(30).simpleText == "30s")
        #expect(TimeSpan(milliseconds: 1001).wholeSecondsRoundedUp == 2)
    }

    @Test(arguments: [("0.1%", 0.1), ("70%", 70), ("100%", 100), ("0%", 0), ("12.5%", 12.5)])
    func percentagesParse(_ text: String, _ value: Double) {
        #expect(Percentage.parse(text)?.percent == value)
    }

    @Test(arguments: ["0.1", "%", "101%", "-1%", "1 %", "abc%", "1e2%", "NaN%"])
    func malformedPercentagesAreRejected(_ text: String) {
        #expect(Percentage.parse(text) == nil)
    }

    @Test(arguments: [("512Mi", Int64(512) << 20), ("1Gi", Int64(1) << 30), ("64Ki", Int64(64) << 10), ("256M", 256_000_000), ("1000", 1000)])
    func sizesParse(_ text: String, _ bytes: Int64) {
        #expect(ByteSize.parse(text)?.bytes == bytes)
    }

    @Test(arguments: ["", "Mi", "1.5Gi", "-1Mi", "12XB", "1 Gi", "99999999999999999999", "9999999999Ti"])
    func malformedSizesAreRejected(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func sizesRenderForKubernetesAndNginx() {
        #expect(ByteSize(bytes: 512 << 20).description == "512Mi")
        #expect(ByteSize(bytes: 1 << 20).nginxText == "1m")
        #expect(ByteSize(bytes: 1000).description == "1000")
    }

    @Test(arguments: [("250m", 250), ("2", 2000), ("0.5", 500), ("1.25", 1250)])
    func cpuAmountsParse(_ text: String, _ millicores: Int) {
        #expect(CPUQuantity.parse(text)?.millicores == millicores)
    }

    @Test(arguments: ["", "m", "0.0001", "lots", "-1", "1.5m", "2 cores"])
    func malformedCPUAmountsAreRejected(_ text: String) {
        #expect(CPUQuantity.parse(text) == nil)
    }

    @Test func scaleAmountsRoundLikeKubernetes() {
        let quarter = ScaleAmount.percent(Percentage(25))
        #expect(quarter.resolve(replicas: 3, roundUp: true) == 1)
        #expect(quarter.resolve(replicas: 3, roundUp: false) == 0)
        #expect(ScaleAmount.count(2).resolve(replicas: 10, roundUp: false) == 2)
    }
}
