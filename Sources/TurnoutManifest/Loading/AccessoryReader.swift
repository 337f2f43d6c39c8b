import Yams

/// Reads one entry of `accessories`.
struct AccessoryReader {
    let reader: MappingReader
    let name: String

    func read() -> Accessory? {
        let kind = reader.choice("type", Accessory.Kind.allCases.map { ($0.rawValue, $0) }, required: true)
        let managed = reader.bool("managed") ?? false
        let url = reader.string("url")
        let port = reader.int("port", in: 1...65535)
        let image = reader.string("image")
        let environmentName = reader.string("env")
        let maxMemory = reader.size("maxmemory")
        let database = reader.string("database")
        let user = reader.string("user")
        reader.finish()
        guard let kind else { return nil }

        if let image, !NameRules.isImageReference(image) {
            reader.problem(.invalidValue, "image", "'\(Node.clipped(image))' is not an image reference such as redis:7-alpine")
        }
        if let environmentName, !NameRules.isEnvironmentName(environmentName) {
            reader.problem(.invalidName, "env", "'\(Node.clipped(environmentName))' is not a valid environment variable name")
        }
        for (key, value) in [("database", database), ("user", user)] {
            if let value, !NameRules.isSecretPart(value) {
                reader.problem(.invalidName, key, "'\(Node.clipped(value))' is not valid: use letters, digits, '.', '_' and '-'")
            }
        }
        if kind != .redis, maxMemory != nil {
            reader.problem(.invalidValue, "maxmemory", "maxmemory applies to redis accessories only")
        }
        if kind != .postgres, database != nil || user != nil {
            reader.problem(.invalidValue, database != nil ? "database" : "user", "database and user apply to postgres accessories only")
        }
        let resolvedPort = port ?? kind.defaultPort
        let resolvedURL: String
        if let url {
            if !Self.isURL(url, scheme: kind) {
                reader.problem(.invalidValue, "url", "'\(Node.clipped(url))' is not a \(kind.rawValue) URL such as \(Self.exampleURL(kind, name: name, port: kind.defaultPort))")
            }
            resolvedURL = url
        } else if managed {
            resolvedURL = Self.exampleURL(kind, name: name, port: resolvedPort, database: database, user: user)
        } else {
            reader.missing("url", "the URL of an existing \(kind.rawValue) server", hint: "or set managed: true to let Turnout start one")
            resolvedURL = ""
        }
        return Accessory(
            name: name, kind: kind, managed: managed, url: resolvedURL, port: resolvedPort,
            image: image ?? kind.defaultImage, environmentName: environmentName ?? kind.defaultEnvironmentName,
            maxMemory: maxMemory, database: database, user: user)
    }

    /// Whether `url` starts with the kind's scheme and has no whitespace or control characters.
    static func isURL(_ url: String, scheme kind: Accessory.Kind) -> Bool {
        let schemes = kind == .redis ? ["redis://", "rediss://"] : ["postgres://", "postgresql://"]
        return schemes.contains { url.hasPrefix($0) } && url.count > 10 && url.count <= 2048
            && url.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"\"'`\\{}<>".unicodeScalars.contains($0) }
    }

    /// The loopback URL a managed accessory listens on.
    static func exampleURL(_ kind: Accessory.Kind, name: String, port: Int, database: String? = nil, user: String? = nil) -> String {
        switch kind {
        case .redis: return "redis://127.0.0.1:\(port)/0"
        case .postgres: return "postgres://\(user ?? "turnout")@127.0.0.1:\(port)/\(database ?? "turnout")"
        }
    }
}
