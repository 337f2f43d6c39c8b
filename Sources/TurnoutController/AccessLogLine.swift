import Foundation

/// One line of nginx's `turnout` JSON log format (its time from `msec`, to the millisecond, or else from the
/// second-resolution `time`), scanned once, byte by byte, without Foundation: an analysis
/// under load reads tens of thousands of lines per window, and looking each field up by name (a search per
/// field, a `String` per value, Foundation's trimming and replacing for the upstream lists) cost several
/// seconds per analysis on a busy host.
enum AccessLogLine {
    /// The request of `line` (one flat JSON object), or nil when it has no valid `time`.
    static func parse(_ line: UnsafeBufferPointer<UInt8>) -> AccessLogReader.Entry? {
        var time: Date?
        var milliseconds: Date?
        var route = ""
        var status = 0
        var requestTime = 0.0
        var addresses: [String] = []
        var statuses: [Int?] = []
        var seconds: [Double?] = []
        var index = 0
        let end = line.count
        while index < end {
            // The next key: `"name":`.
            guard let keyStart = next(quote, in: line, from: index) else { break }
            guard let keyEnd = next(quote, in: line, from: keyStart + 1), keyEnd + 1 < end, line[keyEnd + 1] == colon else { break }
            let key = keyStart + 1..<keyEnd
            // Its value: a string (escapes skipped) or a bare number up to `,` or `}`.
            var valueStart = keyEnd + 2
            var valueEnd: Int
            if valueStart < end, line[valueStart] == quote {
                valueStart += 1
                valueEnd = valueStart
                while valueEnd < end, line[valueEnd] != quote { valueEnd += line[valueEnd] == backslash ? 2 : 1 }
                valueEnd = min(valueEnd, end)
                index = valueEnd + 1
            } else {
                valueEnd = valueStart
                while valueEnd < end, line[valueEnd] != comma, line[valueEnd] != closingBrace { valueEnd += 1 }
                index = valueEnd
            }
            let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
            switch key.count {
            case 4 where matches(line, key, "time"): time = AccessLogReader.parseTime(value)
            case 4 where matches(line, key, "msec"): milliseconds = decimal(value).map { Date(timeIntervalSince1970: $0) }
            case 3 where matches(line, key, "uri"): route = RouteKey.of(uri: value)
            case 6 where matches(line, key, "status"): status = integer(value) ?? 0
            case 12 where matches(line, key, "request_time"): requestTime = decimal(value) ?? 0
            case 13 where matches(line, key, "upstream_addr"):
                addresses = items(value).map { String(decoding: UnsafeBufferPointer(rebasing: value[$0]), as: UTF8.self) }
            case 15 where matches(line, key, "upstream_status"): statuses = items(value).map { integer(UnsafeBufferPointer(rebasing: value[$0])) }
            case 22 where matches(line, key, "upstream_response_time"): seconds = items(value).map { decimal(UnsafeBufferPointer(rebasing: value[$0])) }
            default: break
            }
        }
        guard let time = milliseconds ?? time else { return nil }
        let attempts = addresses.enumerated().map { index, address in
            (address: address, status: index < statuses.count ? statuses[index] : nil, seconds: index < seconds.count ? seconds[index] : nil)
        }
        return AccessLogReader.Entry(time: time, status: status, requestTime: requestTime, route: route, attempts: attempts)
    }

    /// Calls `body` with each non-empty line of `bytes` that a newline ends (and the unfinished one after the
    /// last newline too, with `includingUnfinished`); returns how many bytes the lines ended by newlines cover.
    @discardableResult
    static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, includingUnfinished: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
        var start = 0
        while start < bytes.count, let newline = next(UInt8(ascii: "\n"), in: bytes, from: start) {
            if newline > start { body(UnsafeBufferPointer(rebasing: bytes[start..<newline])) }
            start = newline + 1
        }
        if includingUnfinished, start < bytes.count { body(UnsafeBufferPointer(rebasing: bytes[start...])) }
        return start
    }

    /// The ranges of the items of an nginx list: attempts are separated by `, ` (internal redirects by ` : `);
    /// `-` is no item.
    static func items(_ value: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        func close(_ end: Int) {
            var (low, high) = (start, end)
            while low < high, value[low] == space { low += 1 }
            while high > low, value[high - 1] == space { high -= 1 }
            if high > low, !(high - low == 1 && value[low] == dash) { ranges.append(low..<high) }
        }
        while index < value.count {
            if value[index] == comma {
                close(index)
                start = index + 1
            } else if value[index] == colon, index > 0, value[index - 1] == space, index + 1 < value.count, value[index + 1] == space {
                close(index)
                start = index + 1
            }
            index += 1
        }
        close(value.count)
        return ranges
    }

    /// A non-negative decimal integer, or nil.
    static func integer(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= zero, digit <= nine else { return nil }
            value = value * 10 + Int(digit - zero)
        }
        return value
    }

    /// A non-negative decimal like `0.012` (nginx's times), or nil.
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !text.isEmpty else { return nil }
        var whole = 0
        var fraction = 0
        var scale = 1
        var seenPoint = false
        var digits = 0
        for byte in text {
            if byte == point, !seenPoint {
                seenPoint = true
                continue
            }
            guard byte >= zero, byte <= nine, digits < 18 else { return nil }
            digits += 1
            if seenPoint {
                fraction = fraction * 10 + Int(byte - zero)
                scale *= 10
            } else {
                whole = whole * 10 + Int(byte - zero)
            }
        }
        guard digits > 0 else { return nil }
        return Double(whole) + Double(fraction) / Double(scale)
    }

    private static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func matches(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for offset in 0..<range.count where line[range.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    private static let quote = UInt8(ascii: "\"")
    private static let colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ",")
    private static let space = UInt8(ascii: " ")
    private static let dash = UInt8(ascii: "-")
    private static let point = UInt8(ascii: ".")
    private static let backslash = UInt8(ascii: "\\")
    private static let closingBrace = UInt8(ascii: "}")
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")
}
