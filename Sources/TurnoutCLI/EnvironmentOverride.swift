import ArgumentParser
import TurnoutManifest

/// Parses `--env SERVICE:NAME=VALUE`.
enum EnvironmentOverride {
    static func parse(_ items: [String]) throws -> [String: [EnvironmentVariable]] {
        var result: [String: [EnvironmentVariable]] = [:]
        for item in items {
            guard let colon = item.firstIndex(of: ":"), let equals = item[colon...].firstIndex(of: "=") else {
                throw ValidationError("--env expects SERVICE:NAME=VALUE, got '\(item)'")
            }
            let service = String(item[..<colon])
            let name = String(item[item.index(after: colon)..<equals])
            let value = String(item[item.index(after: equals)...])
            guard NameRules.isLabel(service) else { throw ValidationError("--env: '\(service)' is not a service name") }
            guard NameRules.isEnvironmentName(name) else { throw ValidationError("--env: '\(name)' is not an environment variable name") }
            guard NameRules.isPrintable(value) else { throw ValidationError("--env: the value of \(name) contains control characters") }
            result[service, default: []].append(EnvironmentVariable(name: name, value: value))
        }
        return result
    }
}
