import Foundation
import TurnoutRuntime
import TurnoutManifest

/// Everything the local platform needs to start one process: an instance of a service (made from the
/// neutral `InstanceSpec` by `LocalInstanceRuntime`) or an accessory server.
///
/// The spec is complete and literal: `${PORT}` is already substituted in `argv`, the environment is the whole
/// environment the process sees (nothing is inherited from Turnout's own process), and paths are absolute or
/// relative to `workingDirectory`.
public struct ProcessSpec: Sendable, Hashable, Codable {
    /// The service's name, e.g. `api`.
    public var service: String
    /// The revision number this instance belongs to.
    public var revision: Int
    /// The instance's ordinal within its revision, starting at 1.
    public var ordinal: Int
    /// The executable and its arguments. A bare name is resolved next to the turnout executable, then on
    /// `PATH`; a relative path is resolved against `workingDirectory`.
    public var argv: [String]
    /// The complete environment, as name/value pairs in order.
    public var environment: [EnvironmentVariable]
    /// The port the instance listens on, if any.
    public var port: Int?
    /// The directory the process starts in (absolute).
    public var workingDirectory: String
    /// The file that stdout and stderr are appended to (absolute, created when missing).
    public var logPath: String
    /// How long the instance may take to stop after SIGTERM before it is killed.
    public var stopTimeout: TimeSpan

    /// Creates a spec.
    public init(
        service: String, revision: Int, ordinal: Int, argv: [String], environment: [EnvironmentVariable] = [],
        port: Int? = nil, workingDirectory: String, logPath: String, stopTimeout: TimeSpan = .seconds(30)
    ) {
        self.service = service
        self.revision = revision
        self.ordinal = ordinal
        self.argv = argv
        self.environment = environment
        self.port = port
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        self.stopTimeout = stopTimeout
    }

    /// The process's name, `SERVICE-rREVISION-ORDINAL`, e.g. `api-r3-1`.
    public var name: String { "\(service)-r\(revision)-\(ordinal)" }

    /// Replaces every `${PORT}` in `arguments` by `port`: the substitution the manifest's `command` documents.
    public static func substitutingPort(in arguments: [String], port: Int) -> [String] {
        arguments.map { $0.replacingOccurrences(of: "${PORT}", with: String(port)) }
    }

    private enum CodingKeys: String, CodingKey {
        case service, revision, ordinal, argv, environment, port, workingDirectory, logPath
        case stopTimeoutMilliseconds
    }

    /// Decodes a spec persisted by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        service = try container.decode(String.self, forKey: .service)
        revision = try container.decode(Int.self, forKey: .revision)
        ordinal = try container.decode(Int.self, forKey: .ordinal)
        argv = try container.decode([String].self, forKey: .argv)
        let pairs = try container.decode([[String]].self, forKey: .environment)
        environment = pairs.compactMap { $0.count == 2 ? EnvironmentVariable(name: $0[0], value: $0[1]) : nil }
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        workingDirectory = try container.decode(String.self, forKey: .workingDirectory)
        logPath = try container.decode(String.self, forKey: .logPath)
        stopTimeout = TimeSpan(milliseconds: try container.decode(Int64.self, forKey: .stopTimeoutMilliseconds))
    }

    /// Encodes the spec; the environment as `[[name, value]]` so its order survives.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(service, forKey: .service)
        try container.encode(revision, forKey: .revision)
        try container.encode(ordinal, forKey: .ordinal)
        try container.encode(argv, forKey: .argv)
        try container.encode(environment.map { [$0.name, $0.value] }, forKey: .environment)
        try container.encodeIfPresent(port, forKey: .port)
        try container.encode(workingDirectory, forKey: .workingDirectory)
        try container.encode(logPath, forKey: .logPath)
        try container.encode(stopTimeout.milliseconds, forKey: .stopTimeoutMilliseconds)
    }
}
