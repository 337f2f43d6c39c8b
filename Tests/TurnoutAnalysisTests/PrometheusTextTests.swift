import Testing

@testable import TurnoutAnalysis

/// Tables of the text exposition format: what each line parses to, and which lines are reported.
struct PrometheusTextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let line: String
        let expected: PrometheusSample?
        var testDescription: String { line.debugDescription }
    }

    static let valid: [Case] = [
        Case(line: "up 1", expected: PrometheusSample(name: "up", value: 1)),
        Case(line: "a:b_c 1.5e3", expected: PrometheusSample(name: "a:b_c", value: 1500)),
        Case(line: "x{} 2", expected: PrometheusSample(name: "x", value: 2)),
        Case(line: "x{a=\"1\"} 2", expected: PrometheusSample(name: "x", labels: ["a": "1"], value: 2)),
        Case(line: "x{a=\"1\",} 2", expected: PrometheusSample(name: "x", labels: ["a": "1"], value: 2)),
        Case(line: "x{ a = \"1\" , b=\"\" } 2", expected: PrometheusSample(name: "x", labels: ["a": "1", "b": ""], value: 2)),
        Case(line: #"x{path="C:\\dir\\file"} 1"#, expected: PrometheusSample(name: "x", labels: ["path": #"C:\dir\file"#], value: 1)),
        Case(line: #"x{msg="say \"hi\""} 1"#, expected: PrometheusSample(name: "x", labels: ["msg": #"say "hi""#], value: 1)),
        Case(line: #"x{msg="two\nlines"} 1"#, expected: PrometheusSample(name: "x", labels: ["msg": "two\nlines"], value: 1)),
        Case(line: #"x{msg="a,b}c=d"} 1"#, expected: PrometheusSample(name: "x", labels: ["msg": "a,b}c=d"], value: 1)),
        Case(line: "x{le=\"+Inf\"} 7", expected: PrometheusSample(name: "x", labels: ["le": "+Inf"], value: 7)),
        Case(line: "x +Inf", expected: PrometheusSample(name: "x", value: .infinity)),
        Case(line: "x -Inf", expected: PrometheusSample(name: "x", value: -.infinity)),
        Case(line: "x NaN", expected: PrometheusSample(name: "x", value: .nan)),
        Case(line: "x -0.25 1712345678901", expected: PrometheusSample(name: "x", value: -0.25, timestamp: 1_712_345_678_901)),
        Case(line: "x 1 -5", expected: PrometheusSample(name: "x", value: 1, timestamp: -5)),
        Case(line: "x\t3\t", expected: PrometheusSample(name: "x", value: 3)),
        Case(line: "  x 3", expected: PrometheusSample(name: "x", value: 3)),
        Case(line: "x{ü=\"no\"} 1", expected: nil),
        Case(line: "x{a=\"ünïcødé\"} 1", expected: PrometheusSample(name: "x", labels: ["a": "ünïcødé"], value: 1)),
    ]

    static let malformed: [(String, String)] = [
        ("x", "expected a value"),
        ("x{a=\"1\"}", "expected a value"),
        ("1x 2", "expected a metric name"),
        ("x{a=1} 2", "expected a quoted value"),
        ("x{a=\"1\" 2", "expected , or }"),
        ("x{a=\"1} 2", "unterminated value"),
        ("x{a=\"\\q\"} 2", "invalid escape"),
        ("x{a=\"1\",a=\"2\"} 2", "appears twice"),
        ("x{=\"1\"} 2", "expected a label name"),
        ("x{a:b=\"1\"} 2", "expected = after label a"),
        ("x abc", "is not a number"),
        ("x 0x1F", "is not a number"),
        ("x 1 2.5", "is not a timestamp"),
        ("x 1 2 3", "unexpected text after the timestamp"),
        ("# TYPE x flavour", "unknown metric type"),
        ("# TYPE x", "expected a type"),
    ]

    @Test("valid sample lines", arguments: valid)
    func validLine(_ entry: Case) {
        let document = PrometheusText.parse(entry.line)
        if let expected = entry.expected {
            #expect(document.issues.isEmpty, "\(document.issues)")
            #expect(document.samples == [expected])
        } else {
            #expect(document.samples.isEmpty)
            #expect(document.issues.count == 1)
        }
    }

    @Test("malformed lines are reported with their line number", arguments: malformed)
    func malformedLine(_ line: String, _ message: String) {
        let document = PrometheusText.parse("ok 1\n" + line + "\nok 2")
        #expect(document.samples.map(\.value) == [1, 2])
        #expect(document.issues.count == 1)
        #expect(document.issues.first?.line == 2)
        #expect(document.issues.first?.message.contains(message) == true, "\(document.issues)")
    }

    @Test func helpAndTypeLines() {
        let page = """
            # HELP http_request_duration_seconds HTTP latency \\\\ by route\\nand status
            # TYPE http_request_duration_seconds histogram
            # a free comment
            #TYPE weird counter
            # HELP
            # TYPE rpc summary
            # HELP empty
            http_request_duration_seconds_count 0\r
            """
        let document = PrometheusText.parse(page)
        #expect(document.issues.isEmpty, "\(document.issues)")
        let family = document.families["http_request_duration_seconds"]
        #expect(family?.type == .histogram)
        #expect(family?.help == "HTTP latency \\ by route\nand status")
        #expect(document.families["rpc"]?.type == .summary)
        #expect(document.families["empty"]?.help == "")
        #expect(document.families["weird"]?.type == .counter)
        #expect(document.samples.count == 1)
    }

    @Test func secondTypeLineIsReported() {
        let document = PrometheusText.parse("# TYPE x counter\n# TYPE x gauge\n")
        #expect(document.issues.map(\.line) == [2])
        #expect(document.families["x"]?.type == .counter)
    }

    @Test func summaryAndHistogramFamilies() {
        let page = """
            # TYPE rpc_seconds summary
            rpc_seconds{quantile="0.5"} 0.05
            rpc_seconds{quantile="0.99"} 0.3
            rpc_seconds_sum 17.5
            rpc_seconds_count 250
            # TYPE h histogram
            h_bucket{route="/a",status="2xx",le="0.1"} 3
            h_bucket{route="/a",status="2xx",le="+Inf"} 4
            h_sum{route="/a",status="2xx"} 0.9
            h_count{route="/a",status="2xx"} 4
            h_bucket{route="/a",status="5xx",le="0.1"} 1
            h_bucket{route="/a",status="5xx",le="+Inf"} 1
            """
        let document = PrometheusText.parse(page)
        #expect(document.issues.isEmpty)
        #expect(document.samples(named: "rpc_seconds", matching: ["quantile": "0.99"]).first?.value == 0.3)
        #expect(document.sum(of: "rpc_seconds_count") == 250)
        let histograms = document.histograms(named: "h")
        #expect(histograms.count == 2)
        let ok = histograms[["route": "/a", "status": "2xx"]]
        #expect(ok?.buckets == [.init(upperBound: 0.1, count: 3), .init(upperBound: .infinity, count: 4)])
        #expect(ok?.sum == 0.9)
        #expect(ok?.count == 4)
        #expect(histograms[["route": "/a", "status": "5xx"]]?.total == 1)
    }

    @Test("values", arguments: [
        ("1", 1.0), ("-1.5", -1.5), ("1e-3", 0.001), ("+2", 2), (".5", 0.5), ("Inf", .infinity), ("+inf", .infinity),
        ("-INF", -.infinity),
    ])
    func values(_ text: String, _ value: Double) {
        #expect(PrometheusText.parseValue(text) == value)
    }

    @Test("not values", arguments: ["", "e", "1e", "0x10", "--1", "one", "1,5", "nan1", "infinity and beyond"])
    func notValues(_ text: String) {
        #expect(PrometheusText.parseValue(text) == nil)
    }

    @Test func renderRoundTrips() {
        let sample = PrometheusSample(name: "x_total", labels: ["a": "q\"uo\\te\nd", "b": ""], value: 0.125, timestamp: 42)
        let line = PrometheusText.render(sample)
        #expect(line == #"x_total{a="q\"uo\\te\nd",b=""} 0.125 42"#)
        #expect(PrometheusText.parse(line).samples == [sample])
    }
}
