/// A percentage written as `0.1%`, `70%` or `12.5%`.
public struct Percentage: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in percent: `0.1` means 0.1 %.
    public var percent: Double

    /// Creates a percentage of `percent` percent.
    public init(_ percent: Double) { self.percent = percent }

    /// The value as a fraction of one: 0.1 % is `0.001`.
    public var fraction: Double { percent / 100 }

    /// Canonical text, e.g. `0.1%`, `70%`.
    public var description: String { "\(Percentage.trimmed(percent))%" }

    public static func < (lhs: Percentage, rhs: Percentage) -> Bool { lhs.percent < rhs.percent }

    /// Parses `text` written with a `%` sign, between 0 and 100 inclusive; `nil` otherwise.
    public static func parse(_ text: String) -> Percentage? {
        guard text.hasSuffix("%"), text.count <= 24 else { return nil }
        let number = text.dropLast()
        guard number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value >= 0, value <= 100 else { return nil }
        return Percentage(value)
    }

    static func trimmed(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
