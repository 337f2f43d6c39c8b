import Foundation

/// Reads the requests of the last `window` from nginx's JSON access log (the `turnout` log format), newest
/// last, reading the file backwards in chunks so that a large log costs only the window it covers.
struct AccessLogReader {
    /// One proxied request: which upstream(s) it tried, what each answered, and how long it took.
    struct Entry: Sendable, Hashable {
        var time: Date
        var status: Int
        var requestTime: Double
        /// (address, status or nil when no response, response time or nil) per upstream tried, in order.
        var attempts: [(address: String, status: Int?, seconds: Double?)]

        static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.time == rhs.time && lhs.status == rhs.status && lhs.requestTime == rhs.requestTime }
        func hash(into hasher: inout Hasher) { hasher.combine(time); hasher.combine(status) }
    }

    let path: String
    var maximumBytes = 64 << 20

    func entries(since start: Date) throws -> [Entry] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        var end = try handle.seekToEnd()
        var carried = Data()
        var collected: [Entry] = []
        var readBytes = 0
        let chunk = 1 << 20
        reading: while end > 0, readBytes < maximumBytes {
            let offset = end > UInt64(chunk) ? end - UInt64(chunk) : 0
            try handle.seek(toOffset: offset)
            var data = try handle.read(upToCount: Int(end - offset)) ?? Data()
            readBytes += data.count
            data.append(carried)
            var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            carried = offset > 0 ? Data(lines.removeFirst()) : Data()
            for line in lines.reversed() where !line.isEmpty {
                guard let entry = Self.parse(Data(line)) else { continue }
                if entry.time < start { break reading }
                collected.append(entry)
            }
            end = offset
        }
        return collected.reversed()
    }

    static func parse(_ line: Data) -> Entry? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let timeText = object["time"] as? String, let time = iso8601.date(from: timeText) else { return nil }
        let status = (object["status"] as? NSNumber)?.intValue ?? 0
        let requestTime = (object["request_time"] as? NSNumber)?.doubleValue ?? 0
        let addresses = split(object["upstream_addr"] as? String)
        let statuses = split(object["upstream_status"] as? String)
        let times = split(object["upstream_response_time"] as? String)
        let attempts = addresses.enumerated().map { index, address in
            (address: address, status: index < statuses.count ? Int(statuses[index]) : nil,
             seconds: index < times.count ? Double(times[index]) : nil)
        }
        return Entry(time: time, status: status, requestTime: requestTime, attempts: attempts)
    }

    /// nginx separates attempts with ", " (and internal redirects with " : ").
    static func split(_ text: String?) -> [String] {
        guard let text, !text.isEmpty, text != "-" else { return [] }
        return text.replacingOccurrences(of: " : ", with: ", ").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    nonisolated(unsafe) static let iso8601: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
}
