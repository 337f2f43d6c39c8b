import Foundation

/// Reads configuration values from flags first, then environment variables, then defaults.
public struct ConfigEnvironment: Sendable {
    /// The environment consulted (the process environment by default).
    public let values: [String: String]

    /// Errors for values that cannot be parsed.
    public struct InvalidValue: Error, CustomStringConvertible {
        /// Variable name.
        public let name: String
        /// What was expected.
        public let expected: String
        /// The rejected text.
        public let text: String
        /// Creates the error.
        public init(name: String, expected: String, text: String) {
            self.name = name
            self.expected = expected
            self.text = text
        }
        public var description: String { "invalid value '\(text)' for \(name): expected \(expected)" }
    }

    /// Creates a reader over `values`.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// A non-empty string value.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer value.
    public func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw InvalidValue(name: name, expected: "an integer", text: text) }
        return value
    }

    /// A floating-point value.
    public func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw InvalidValue(name: name, expected: "a number", text: text)
        }
        return value
    }

    /// A duration (`300ms`, `10s`, ...) in seconds.
    public func seconds(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        do { return try DurationParser.seconds(text) } catch {
            throw InvalidValue(name: name, expected: "a duration like 300ms or 10s", text: text)
        }
    }

    /// A boolean (`1/true/yes/on` or `0/false/no/off`).
    public func bool(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw InvalidValue(name: name, expected: "true or false", text: text)
        }
    }

    /// A fraction between 0 and 1 (validated).
    public static func fraction(_ value: Double, name: String) throws -> Double {
        guard value >= 0, value <= 1 else {
            throw InvalidValue(name: name, expected: "a fraction between 0 and 1", text: String(value))
        }
        return value
    }
}
