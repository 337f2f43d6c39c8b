import CHiredis

/// A parsed Redis reply, copied out of hiredis memory so it is safe to keep.
public enum RedisReply: Sendable, Equatable {
    /// A simple status reply such as `OK` or `PONG`.
    case status(String)
    /// An error reply (`-ERR ...`). Returned as a value; see ``throwIfError()``.
    case error(String)
    /// An integer reply.
    case integer(Int)
    /// A bulk string reply, as raw bytes.
    case bulk([UInt8])
    /// A nil bulk or nil multi-bulk reply.
    case null
    /// A multi-bulk reply.
    case array([RedisReply])

    /// Copies a hiredis reply tree into a Swift value.
    init(_ pointer: UnsafePointer<redisReply>) {
        let reply = pointer.pointee
        switch reply.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Self.bytes(reply.str, reply.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(reply.str, reply.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(reply.str, reply.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int(reply.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisReply] = []
            items.reserveCapacity(reply.elements)
            if let elements = reply.element {
                for index in 0..<reply.elements {
                    if let child = elements[index] {
                        items.append(RedisReply(UnsafePointer(child)))
                    } else {
                        items.append(.null)
                    }
                }
            }
            self = .array(items)
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [UInt8] {
        guard let pointer, length > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// The reply as text, for bulk and status replies; `nil` otherwise.
    public var string: String? {
        switch self {
        case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .status(let text): return text
        case .integer(let value): return String(value)
        default: return nil
        }
    }

    /// The reply as raw bytes, for bulk replies; `nil` otherwise.
    public var bytes: [UInt8]? {
        if case .bulk(let bytes) = self { return bytes }
        return nil
    }

    /// The reply as an integer (integer replies, or bulk strings holding digits).
    public var int: Int? {
        switch self {
        case .integer(let value): return value
        case .bulk, .status: return string.flatMap { Int($0) }
        default: return nil
        }
    }

    /// The elements of an array reply; `nil` otherwise.
    public var array: [RedisReply]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// True for nil replies.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Returns the reply unchanged, or throws ``RedisError/server(_:)`` for an error reply.
    @discardableResult
    public func throwIfError() throws -> RedisReply {
        if case .error(let message) = self { throw RedisError.server(message) }
        return self
    }
}
