/// Reads the tokens of one line of the Prometheus text format from its UTF-8 bytes. Every read checks
/// bounds and throws a `Failure` describing what was expected, so no input can trap.
struct PrometheusLineScanner {
    /// What was wrong with the line.
    struct Failure: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func advance() { if !atEnd { index += 1 } }

    /// Skips spaces and tabs; returns how many.
    @discardableResult
    mutating func skipBlanks() -> Int {
        let start = index
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
        return index - start
    }

    /// The bytes up to the next blank, as text.
    mutating func word() -> String {
        let start = index
        while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// The rest of a HELP line, with `\\` and `\n` unescaped (other backslashes kept as written).
    mutating func restUnescapingHelp() -> String {
        var out: [UInt8] = []
        while let byte = peek {
            index += 1
            if byte == UInt8(ascii: "\\"), let next = peek {
                index += 1
                switch next {
                case UInt8(ascii: "\\"): out.append(next)
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default: out += [byte, next]
                }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    mutating func metricName() throws(Failure) -> String {
        try identifier(allowColon: true, what: "metric name")
    }

    /// One sample: name, optional labels, value, optional timestamp.
    mutating func sample() throws(Failure) -> PrometheusSample {
        let name = try metricName()
        var blanks = skipBlanks()
        var labels: [String: String] = [:]
        if peek == UInt8(ascii: "{") {
            advance()
            labels = try labelSet()
            blanks = skipBlanks()
        }
        guard blanks > 0 || atEnd else { throw Failure("expected a space before the value of \(name)") }
        let valueText = word()
        guard !valueText.isEmpty else { throw Failure("expected a value for \(name)") }
        guard let value = PrometheusText.parseValue(valueText) else { throw Failure("\"\(valueText)\" is not a number (value of \(name))") }
        skipBlanks()
        var timestamp: Int64?
        if !atEnd {
            let stampText = word()
            guard let stamp = Int64(stampText) else { throw Failure("\"\(stampText)\" is not a timestamp in milliseconds") }
            timestamp = stamp
            skipBlanks()
            guard atEnd else { throw Failure("unexpected text after the timestamp of \(name)") }
        }
        return PrometheusSample(name: name, labels: labels, value: value, timestamp: timestamp)
    }

    /// `name="value", ...}` after the opening brace; a trailing comma is allowed.
    private mutating func labelSet() throws(Failure) -> [String: String] {
        var labels: [String: String] = [:]
        while true {
            skipBlanks()
            if peek == UInt8(ascii: "}") { advance(); return labels }
            let name = try identifier(allowColon: false, what: "label name")
            skipBlanks()
            guard peek == UInt8(ascii: "=") else { throw Failure("expected = after label \(name)") }
            advance()
            skipBlanks()
            guard peek == UInt8(ascii: "\"") else { throw Failure("expected a quoted value for label \(name)") }
            advance()
            let value = try quotedRest(label: name)
            guard labels[name] == nil else { throw Failure("label \(name) appears twice") }
            labels[name] = value
            skipBlanks()
            switch peek {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return labels
            default: throw Failure("expected , or } after label \(name)")
            }
        }
    }

    /// A label value after its opening quote, unescaping `\\`, `\"` and `\n`.
    private mutating func quotedRest(label: String) throws(Failure) -> String {
        var out: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let next = peek else { throw Failure("unterminated escape in label \(label)") }
                index += 1
                switch next {
                case UInt8(ascii: "\\"): out.append(next)
                case UInt8(ascii: "\""): out.append(next)
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                default: throw Failure("invalid escape \\\(Character(Unicode.Scalar(next))) in label \(label)")
                }
            default:
                out.append(byte)
            }
        }
        throw Failure("unterminated value of label \(label)")
    }

    private mutating func identifier(allowColon: Bool, what: String) throws(Failure) -> String {
        let start = index
        while let byte = peek, Self.isNameByte(byte, first: index == start, allowColon: allowColon) { index += 1 }
        guard index > start else {
            let found = peek.map { "\"\(Character(Unicode.Scalar($0)))\"" } ?? "end of line"
            throw Failure("expected a \(what), found \(found)")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8, first: Bool, allowColon: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return !first
        case UInt8(ascii: ":"): return allowColon
        default: return false
        }
    }

    /// Bytes that may appear in a decimal float: digits, sign, point, exponent.
    static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default: return false
        }
    }
}
