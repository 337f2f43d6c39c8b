/// A length of time written in a manifest as `500ms`, `30s`, `5m`, `1h` or a combination such as `1m30s`.
///
/// Stored as whole milliseconds so that values compare exactly and render back deterministically.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a span of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Creates a span of whole `seconds`.
    public static func seconds(_ seconds: Int64) -> TimeSpan { TimeSpan(milliseconds: seconds * 1000) }

    /// Zero length.
    public static let zero = TimeSpan(milliseconds: 0)

    /// The length in seconds, with fractions.
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// The length in whole seconds, rounded up (Kubernetes and compose fields that take integers).
    public var wholeSecondsRoundedUp: Int64 { (milliseconds + 999) / 1000 }

    /// The span as a Swift `Duration`.
    public var duration: Duration { .milliseconds(milliseconds) }

    /// Canonical text: the largest units first, e.g. `1m30s`, `250ms`, `0s`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for (unit, size) in TimeSpan.units where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// Text in whole seconds or milliseconds, the form nginx and compose accept (`30s`, `1500ms`).
    public var simpleText: String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    static let units: [(String, Int64)] = [("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]

    /// Parses `text`, or returns `nil` when it is not a duration. Accepts one or more `<number><unit>` parts
    /// with units `ms`, `s`, `m`, `h` (decimals allowed, e.g. `1.5s`), largest first.
    public static func parse(_ text: String) -> TimeSpan? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 40 else { return nil }
        var index = 0
        var total: Double = 0
        var lastUnitSize = Int64.max
        while index < scalars.count {
            var number = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                number.unicodeScalars.append(scalars[index]); index += 1
            }
            var unit = ""
            while index < scalars.count, ("a"..."z").contains(scalars[index]) {
                unit.unicodeScalars.append(scalars[index]); index += 1
            }
            guard let value = Double(number), value.isFinite,
                  let size = units.first(where: { $0.0 == unit })?.1, size < lastUnitSize else { return nil }
            lastUnitSize = size
            total += value * Double(size)
        }
        guard total <= 1e15 else { return nil }
        return TimeSpan(milliseconds: Int64(total.rounded()))
    }
}
