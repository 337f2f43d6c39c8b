/// A Redis protocol (RESP2) reply.
public indirect enum RESPReply: Sendable, Hashable {
    /// `+OK`
    case simple(String)
    /// `-ERR ...`
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$5\r\nhello`; `nil` for the null bulk string `$-1`.
    case bulk([UInt8]?)
    /// `*2\r\n...`; `nil` for the null array `*-1`.
    case array([RESPReply]?)

    /// The reply as text (simple, bulk or error strings).
    public var text: String? {
        switch self {
        case .simple(let text), .error(let text): return text
        case .bulk(let bytes?): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// Encodes a command as an array of bulk strings.
    public static func command(_ arguments: [String]) -> [UInt8] {
        var bytes = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            let utf8 = Array(argument.utf8)
            bytes += Array("$\(utf8.count)\r\n".utf8) + utf8 + [13, 10]
        }
        return bytes
    }

    /// Why bytes are not a reply.
    public struct Malformed: Error, Sendable, Hashable {
        /// What is wrong.
        public var message: String
    }

    /// Parses one reply from the start of `bytes`: the reply and the bytes it used, `nil` when more bytes are
    /// needed, or `Malformed`.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> (RESPReply, Int)? {
        guard let type = bytes.first else { return nil }
        guard let lineEnd = lineEnd(in: bytes) else { return nil }
        let line = String(decoding: bytes[(bytes.startIndex + 1)..<lineEnd], as: UTF8.self)
        let afterLine = lineEnd + 2
        let used = afterLine - bytes.startIndex
        switch type {
        case UInt8(ascii: "+"): return (.simple(line), used)
        case UInt8(ascii: "-"): return (.error(line), used)
        case UInt8(ascii: ":"):
            guard let value = Int64(line) else { throw Malformed(message: "bad integer \(line)") }
            return (.integer(value), used)
        case UInt8(ascii: "$"):
            guard let length = Int(line), length >= -1, length < 512 << 20 else { throw Malformed(message: "bad bulk length \(line)") }
            if length == -1 { return (.bulk(nil), used) }
            guard bytes.endIndex - afterLine >= length + 2 else { return nil }
            guard bytes[afterLine + length] == 13, bytes[afterLine + length + 1] == 10 else {
                throw Malformed(message: "bulk string not followed by CRLF")
            }
            return (.bulk(Array(bytes[afterLine..<(afterLine + length)])), used + length + 2)
        case UInt8(ascii: "*"):
            guard let count = Int(line), count >= -1, count < 1 << 20 else { throw Malformed(message: "bad array length \(line)") }
            if count == -1 { return (.array(nil), used) }
            var elements: [RESPReply] = []
            var offset = afterLine
            for _ in 0..<count {
                guard let (element, length) = try parse(bytes[offset...]) else { return nil }
                elements.append(element)
                offset += length
            }
            return (.array(elements), offset - bytes.startIndex)
        default:
            throw Malformed(message: "unknown reply type byte \(type)")
        }
    }

    private static func lineEnd(in bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
