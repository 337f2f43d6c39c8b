// Reads the last 20 s of a generated nginx access log (the `turnout` format, 10,000 requests/s) with Turnout's
// reader, and with a reference that parses each line with Foundation's JSONSerialization; prints both.
// Built by bench/access-log-bench.sh together with the reader's sources.
import Foundation

let lines = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 300_000
let path = NSTemporaryDirectory() + "turnout-access-log-bench-\(getpid()).log"
defer { try? FileManager.default.removeItem(atPath: path) }
let start = Date()
var text = ""
text.reserveCapacity(lines * 260)
let formatter = ISO8601DateFormatter()
for index in 0..<lines {
    let time = formatter.string(from: start.addingTimeInterval(Double(index - lines) / 10_000)).replacingOccurrences(of: "Z", with: "+00:00")
    let status = index % 500 == 0 ? 502 : 200
    text += #"{"time":"\#(time)","remote_addr":"127.0.0.1","method":"GET","uri":"/api/v1/posts?page=\#(index % 7)","status":\#(status),"#
        + #""request_time":0.0\#(10 + index % 80),"upstream_addr":"127.0.0.1:\#(9101 + index % 6)","upstream_status":"\#(status)","#
        + #""upstream_response_time":"0.0\#(9 + index % 80)","bytes_sent":1234,"version":"v2"}"# + "\n"
}
try text.write(toFile: path, atomically: true, encoding: .utf8)
let since = start.addingTimeInterval(-20)  // 200,000 lines, inside the reader's 64 MiB bound

/// The reference: a general JSON parser per line, then the same fields.
func reference() throws -> Int {
    var count = 0
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let time = (object["time"] as? String).flatMap(AccessLogReader.parseTime), time >= since else { continue }
        _ = (object["status"] as? Int, object["request_time"] as? Double, object["upstream_addr"] as? String,
             object["upstream_status"] as? String, object["upstream_response_time"] as? String)
        count += 1
    }
    return count
}

func seconds(_ work: () throws -> Int) rethrows -> (Double, Int) {
    let clock = ContinuousClock.now
    let count = try work()
    let elapsed = ContinuousClock.now - clock
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, count)
}

print("access log: \(lines) lines (\(text.utf8.count >> 20) MiB), window 20 s; best of 3")
var best: (turnout: Double, reference: Double) = (.infinity, .infinity)
var counts = (0, 0)
for _ in 0..<3 {
    let (ours, ourCount) = try seconds { try AccessLogReader(path: path).entries(since: since).count }
    let (theirs, theirCount) = try seconds(reference)
    best = (min(best.turnout, ours), min(best.reference, theirs))
    counts = (ourCount, theirCount)
}
print(String(format: "| reader | lines in window | time | lines/s |\n|---|---|---|---|"))
print(String(format: "| Turnout (byte scanner) | %d | %.3f s | %.0f |", counts.0, best.turnout, Double(counts.0) / best.turnout))
print(String(format: "| reference (JSONSerialization per line) | %d | %.3f s | %.0f |", counts.1, best.reference, Double(counts.1) / best.reference))
print(String(format: "ratio: %.1fx", best.reference / best.turnout))
