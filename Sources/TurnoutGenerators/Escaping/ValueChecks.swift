import TurnoutManifest

/// Checks that a manifest value fits the grammar of the place it is written to, throwing a
/// ``GeneratorError`` (`unsafeValue`) that names the manifest key otherwise. Renderers call these before any
/// value reaches a template; templates never escape.
enum ValueChecks {
    static func label(_ text: String, at location: String) throws -> String {
        try check(NameRules.isLabel(text), text, at: location, "a DNS label (lowercase letters, digits, `-`)")
    }

    static func environmentName(_ text: String, at location: String) throws -> String {
        try check(NameRules.isEnvironmentName(text), text, at: location, "an environment variable name")
    }

    static func queueName(_ text: String, at location: String) throws -> String {
        try check(NameRules.isQueueName(text), text, at: location, "a queue name (`[a-z0-9_-]`)")
    }

    static func httpPath(_ text: String, at location: String) throws -> String {
        try check(NameRules.isHTTPPath(text), text, at: location, "an HTTP path starting with `/`")
    }

    static func serverName(_ text: String, at location: String) throws -> String {
        try check(NameRules.isServerName(text), text, at: location, "a hostname or `_`")
    }

    static func listenAddress(_ text: String, at location: String) throws -> String {
        try check(NameRules.isListenAddress(text), text, at: location, "PORT or HOST:PORT")
    }

    static func image(_ text: String, at location: String) throws -> String {
        try check(NameRules.isImageReference(text), text, at: location, "an image reference")
    }

    static func port(_ port: Int, at location: String) throws -> Int {
        guard (1...65535).contains(port) else {
            throw GeneratorError(.unsafeValue, "port \(port) is outside 1-65535", at: location)
        }
        return port
    }

    /// A host an nginx `server` line may name: an IPv4 address, a bracketed IPv6 address, or a hostname.
    static func upstreamHost(_ text: String, at location: String) throws -> String {
        let allowed: Bool
        if text.hasPrefix("[") && text.hasSuffix("]") {
            allowed = text.count > 2 && text.dropFirst().dropLast().utf8.allSatisfy {
                ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) || $0 == 58 || $0 == 46
            }
        } else {
            allowed = text != "_" && NameRules.isServerName(text) && !text.hasPrefix("*")
        }
        return try check(allowed, text, at: location, "an IP address or hostname")
    }

    private static func check(_ valid: Bool, _ text: String, at location: String, _ expected: String) throws -> String {
        guard valid else {
            throw GeneratorError(.unsafeValue, "\(YAMLEscaping.doubleQuoted(text)) is not \(expected)", at: location,
                                 hint: "generated files only take values that cannot change their structure")
        }
        return text
    }
}
