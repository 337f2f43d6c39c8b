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

    /// Reads one line of the `turnout` log format. The fields are found by name rather than with a JSON
    /// parser: at thousands of requests per second the analysis reads tens of thousands of lines per window.
    static func parse(_ line: Data) -> Entry? {
        guard let timeText = field("time", in: line), let time = parseTime(timeText) else { return nil }
        let status = Int(field("status", in: line) ?? "") ?? 0
        let requestTime = Double(field("request_time", in: line) ?? "") ?? 0
        let addresses = split(field("upstream_addr", in: line))
        let statuses = split(field("upstream_status", in: line))
        let times = split(field("upstream_response_time", in: line))
        let attempts = addresses.enumerated().map { index, address in
            (address: address, status: index < statuses.count ? Int(statuses[index]) : nil,
             seconds: index < times.count ? Double(times[index]) : nil)
        }
        return Entry(time: time, status: status, requestTime: requestTime, attempts: attempts)
    }

    /// The raw value of `"name":` in a flat JSON object: a quoted string (nginx's escape=json never leaves a
    /// bare quote inside one) or a bare number. Found with `Data.range(of:)`, which is fast even unoptimised.
    static func field(_ name: String, in line: Data) -> String? {
        guard let key = line.range(of: Data("\"\(name)\":".utf8)) else { return nil }
        var index = key.upperBound
        guard index < line.endIndex else { return nil }
        if line[index] == UInt8(ascii: "\"") {
            index += 1
            var end = index
            while end < line.endIndex, line[end] != UInt8(ascii: "\"") { end += line[end] == UInt8(ascii: "\\") ? 2 : 1 }
            return String(decoding: line[index..<min(end, line.endIndex)], as: UTF8.self)
        }
        var end = index
        while end < line.endIndex, line[end] != UInt8(ascii: ","), line[end] != UInt8(ascii: "}") { end += 1 }
        return String(decoding: line[index..<end], as: UTF8.self)
    }

    /// `2026-11-29T01:42:27+00:00` (nginx's `$time_iso8601`), parsed without a formatter.
    static func parseTime(_ text: String) -> Date? {
        let digits = Array(text.utf8)
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

    /// nginx separates attempts with ", " (and internal redirects with " : ").
    static func split(_ text: String?) -> [String] {
        guard let text, !text.isEmpty, text != "-" else { return [] }
        return text.replacingOccurrences(of: " : ", with: ", ").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }


}
