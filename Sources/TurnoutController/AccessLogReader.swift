import Foundation

/// Reads the requests of the last `window` from nginx's JSON access log (the `turnout` log format), newest
/// last, reading the file backwards in chunks so that a large log costs only the window it covers.
struct AccessLogReader {
    /// One proxied request: which upstream(s) it tried, what each answered, and how long it took.
    struct Entry: Sendable, Hashable {
        var time: Date
        var status: Int
        var requestTime: Double
        /// The request's route: its path without the query, numeric and long hexadecimal segments as `:id`
        /// (see ``RouteKey``), so latencies are compared route by route.
        var route: String = ""
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
            // The chunk's first line may have begun in the chunk before: it is carried over (unless the chunk
            // starts the file); the last one ends where the file does or where the carried-over line went on.
            let skip = offset > 0 ? (data.firstIndex(of: UInt8(ascii: "\n")).map { data.distance(from: data.startIndex, to: $0) + 1 } ?? data.count) : 0
            carried = Data(data.prefix(skip))
            var chunkEntries: [Entry] = []
            data.withUnsafeBytes { raw in
                let lines = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[skip...])
                AccessLogLine.forEachLine(in: lines, includingUnfinished: true) { line in
                    if let entry = AccessLogLine.parse(line) { chunkEntries.append(entry) }
                }
            }
            for entry in chunkEntries.reversed() {
                if entry.time < start { break reading }
                collected.append(entry)
            }
            end = offset
        }
        return collected.reversed()
    }

    /// Reads one line of the `turnout` log format (see ``AccessLogLine``).
    static func parse(_ line: Data) -> Entry? {
        line.withUnsafeBytes { AccessLogLine.parse($0.bindMemory(to: UInt8.self)) }
    }

    /// `2026-11-29T01:42:27+00:00` (nginx's `$time_iso8601`), parsed without a formatter.
    static func parseTime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseTime($0) }
    }

    /// ``parseTime(_:)`` over the bytes of the text.
    static func parseTime(_ digits: UnsafeBufferPointer<UInt8>) -> Date? {
        guard digits.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < digits.count, digits[index] >= 48, digits[index] <= 57 else { return nil }
                value = value * 10 + Int(digits[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var offset = 0
        if digits.count >= 25, digits[19] == UInt8(ascii: "+") || digits[19] == UInt8(ascii: "-"),
           let hours = number(20..<22), let minutes = number(23..<25) {
            offset = (hours * 3600 + minutes * 60) * (digits[19] == UInt8(ascii: "-") ? -1 : 1)
        }
        // Days since 1970-01-01 (civil-from-days inverse, proleptic Gregorian).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset))
    }
}
