/// The route a request URI belongs to, for comparing latencies route by route: the path without its query,
/// with segments that identify a record rather than an endpoint (all digits, or 16 or more hexadecimal digits
/// and dashes, such as a UUID) written `:id`. `/api/v1/posts/42?x=1` is `/api/v1/posts/:id`.
enum RouteKey {
    /// The route of `uri`'s bytes.
    static func of(uri: UnsafeBufferPointer<UInt8>) -> String {
        var end = 0
        while end < uri.count, uri[end] != question, uri[end] != hash { end += 1 }
        var result: [UInt8] = []
        result.reserveCapacity(end)
        var start = 0
        var changed = false
        while start < end {
            var stop = start
            while stop < end, uri[stop] != slash { stop += 1 }
            let segment = UnsafeBufferPointer(rebasing: uri[start..<stop])
            if isIdentifier(segment) {
                result.append(contentsOf: identifier)
                changed = true
            } else {
                result.append(contentsOf: segment)
            }
            if stop < end { result.append(slash) }
            start = stop + 1
        }
        if !changed, end == uri.count { return String(decoding: uri, as: UTF8.self) }
        return String(decoding: result, as: UTF8.self)
    }

    /// `of(uri:)` over a string.
    static func of(uri: String) -> String {
        var uri = uri
        return uri.withUTF8 { of(uri: $0) }
    }

    private static func isIdentifier(_ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !segment.isEmpty else { return false }
        if segment.allSatisfy({ $0 >= zero && $0 <= nine }) { return true }
        guard segment.count >= 16 else { return false }
        return segment.allSatisfy { ($0 >= zero && $0 <= nine) || ($0 >= lowerA && $0 <= lowerF) || ($0 >= upperA && $0 <= upperF) || $0 == dash }
    }

    private static let identifier = Array(":id".utf8)
    private static let slash = UInt8(ascii: "/")
    private static let question = UInt8(ascii: "?")
    private static let hash = UInt8(ascii: "#")
    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")
    private static let nine = UInt8(ascii: "9")
    private static let lowerA = UInt8(ascii: "a")
    private static let lowerF = UInt8(ascii: "f")
    private static let upperA = UInt8(ascii: "A")
    private static let upperF = UInt8(ascii: "F")
}
