import Foundation

/// Parses human durations used by flags and environment variables.
public enum DurationParser {
    /// Errors raised for text that is not a duration.
    public struct InvalidDuration: Error, CustomStringConvertible {
        /// The rejected text.
        public let text: String
        public var description: String {
            "invalid duration '\(text)': expected a number with an optional unit ms, s, m or h (e.g. 300ms, 10s, 1.5m)"
        }
    }

    /// Parses `"300ms"`, `"10s"`, `"1.5m"`, `"1h"` or a bare number of seconds into seconds.
    public static func seconds(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("us", 0.000_001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            let number = String(trimmed.dropLast(suffix.count))
            guard let value = Double(number), value >= 0, value.isFinite else { throw InvalidDuration(text: text) }
            return value * scale
        }
        guard let value = Double(trimmed), value >= 0, value.isFinite else { throw InvalidDuration(text: text) }
        return value
    }

    /// Parses a duration into a Swift `Duration`.
    public static func duration(_ text: String) throws -> Duration {
        .milliseconds(Int64((try seconds(text) * 1000).rounded()))
    }
}

extension Duration {
    /// The duration as fractional seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
