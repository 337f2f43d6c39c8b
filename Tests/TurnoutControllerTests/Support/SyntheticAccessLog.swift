import Foundation

/// An nginx access log in Turnout's format, written request by request for analysis tests: each request at
/// a time (millisecond `msec`), on a route, to one upstream port, with its upstream time.
struct SyntheticAccessLog {
    private(set) var lines: [String] = []
    private var random: UInt64

    init(seed: UInt64 = 1) { random = seed }

    /// Adds `count` requests spread evenly over `from`...`to`, to `port`, on `route`, answering `status` in a
    /// latency drawn log-normally around `median` seconds (spread 0.3 in log space).
    mutating func add(_ count: Int, from: Date, to: Date, port: Int, route: String = "/api/v1/posts", median: Double, status: Int = 200) {
        let span = to.timeIntervalSince(from)
        for index in 0..<count {
            let time = from.addingTimeInterval(span * (Double(index) + 0.5) / Double(max(1, count)))
            let latency = median * exp(0.3 * normal())
            let stamp = ISO8601DateFormatter().string(from: time)
            lines.append(#"{"time":"\#(stamp)","msec":\#(String(format: "%.3f", time.timeIntervalSince1970)),"remote_addr":"127.0.0.1","method":"GET","uri":"\#(route)","status":\#(status),"request_time":\#(String(format: "%.3f", latency)),"upstream_addr":"127.0.0.1:\#(port)","upstream_status":"\#(status)","upstream_response_time":"\#(String(format: "%.3f", latency))","bytes_sent":10,"version":"v"}"#)
        }
    }

    /// Writes the lines, oldest first, to a new temporary file and returns its path.
    func write() throws -> String {
        let path = NSTemporaryDirectory() + "synthetic-access-\(UUID().uuidString).log"
        let ordered = lines.sorted { Self.msec($0) < Self.msec($1) }
        try (ordered.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private static func msec(_ line: String) -> Double {
        guard let range = line.range(of: #""msec":"#) else { return 0 }
        return Double(line[range.upperBound...].prefix { $0 != "," }) ?? 0
    }

    private mutating func uniform() -> Double {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }

    /// A standard normal draw (Box-Muller).
    private mutating func normal() -> Double {
        let u1 = max(uniform(), .ulpOfOne), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
