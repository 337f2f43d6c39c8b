import Foundation
import TurnoutManifest
import TurnoutRuntime

extension DockerEngine {
    /// What a container is created from (the subset of the Engine API's body Turnout sets).
    public struct ContainerConfig: Encodable, Sendable {
        public var Image: String
        public var Entrypoint: [String]?
        public var Cmd: [String]?
        public var Env: [String]
        public var Labels: [String: String]
        public var ExposedPorts: [String: Empty]
        public var StopTimeout: Int?
        public var HostConfig: Host

        /// `{}` in JSON.
        public struct Empty: Encodable, Sendable { public init() {} }

        /// Where and how it runs.
        public struct Host: Encodable, Sendable {
            public var PortBindings: [String: [Binding]]
            public var NetworkMode: String?
            public var Init: Bool
            public var NanoCpus: Int64?
            public var Memory: Int64?
            public var RestartPolicy: [String: String]
            public var LogConfig: [String: String]
        }

        /// A published port: on `HostIp`, at an ephemeral host port when `HostPort` is empty.
        public struct Binding: Codable, Sendable {
            public var HostIp: String
            public var HostPort: String
        }
    }

    /// What `GET /containers/{id}/json` says about a container.
    public struct ContainerInspection: Decodable, Sendable {
        public var Id: String
        public var Name: String
        public var Created: String
        public var State: State
        public var Config: Config
        public var NetworkSettings: Network

        public struct State: Decodable, Sendable {
            public var Status: String
            public var Running: Bool
            public var ExitCode: Int32
            public var Pid: Int32
            public var StartedAt: String
            public var OOMKilled: Bool?
        }

        public struct Config: Decodable, Sendable {
            public var Labels: [String: String]?
            public var Image: String
        }

        public struct Network: Decodable, Sendable {
            public var Ports: [String: [Binding]?]?
        }

        public struct Binding: Decodable, Sendable {
            public var HostIp: String
            public var HostPort: String
        }

        /// Where the container's `port`/tcp is published on the host.
        public func published(_ port: Int) -> Endpoint? {
            guard let bindings = NetworkSettings.Ports?["\(port)/tcp"] ?? nil, let binding = bindings.first, let hostPort = Int(binding.HostPort) else {
                return nil
            }
            return Endpoint(host: binding.HostIp.isEmpty || binding.HostIp == "0.0.0.0" ? "127.0.0.1" : binding.HostIp, port: hostPort)
        }
    }

    /// One row of `GET /containers/json`.
    public struct ContainerSummary: Decodable, Sendable {
        public var Id: String
        public var Names: [String]
        public var State: String
        /// `Up 3 minutes`, `Exited (137) 5 seconds ago`.
        public var Status: String
        public var Labels: [String: String]?

        /// The exit code in `Status`, for a container that exited.
        public var exitCode: Int32? {
            guard let open = Status.firstIndex(of: "("), let close = Status[open...].firstIndex(of: ")") else { return nil }
            return Int32(Status[Status.index(after: open)..<close])
        }
    }

    /// Creates a container named `name`; returns its ID.
    public func createContainer(name: String, _ config: ContainerConfig) async throws -> String {
        struct Created: Decodable { var Id: String }
        let body = try await call("POST", "/containers/create", query: [("name", name)], json: try JSONEncoder().encode(config), expected: [201])
        return try decode(Created.self, body, what: "creating \(name)").Id
    }

    /// Starts a created container.
    public func startContainer(_ id: String) async throws {
        _ = try await call("POST", "/containers/\(id)/start", expected: [204, 304])
    }

    /// The container's inspection; `nil` when the engine has no such container.
    public func inspectContainer(_ id: String) async throws -> ContainerInspection? {
        do {
            return try decode(ContainerInspection.self, try await call("GET", "/containers/\(id)/json"), what: "inspecting \(id)")
        } catch let failure as Failure where failure.status == 404 {
            return nil
        }
    }

    /// Stops a container: SIGTERM (its STOPSIGNAL), then SIGKILL after `timeout`; the call returns when it ended.
    public func stopContainer(_ id: String, timeout: TimeSpan) async throws {
        let seconds = max(0, Int((timeout.seconds).rounded(.up)))
        _ = try await call("POST", "/containers/\(id)/stop", query: [("t", String(seconds))], expected: [204, 304, 404],
                           timeout: .seconds(Int64(seconds) + 30))
    }

    /// Sends `signal` to a running container's main process.
    public func killContainer(_ id: String, signal: String = "SIGKILL") async throws {
        _ = try await call("POST", "/containers/\(id)/kill", query: [("signal", signal)], expected: [204])
    }

    /// Removes a container (and its anonymous volumes), running or not.
    public func removeContainer(_ id: String) async throws {
        _ = try await call("DELETE", "/containers/\(id)", query: [("force", "true"), ("v", "true")], expected: [204, 404])
    }

    /// Every container (running or not) carrying all of `labels`.
    public func listContainers(labels: [String: String]) async throws -> [ContainerSummary] {
        let filters = try JSONSerialization.data(withJSONObject: ["label": labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }])
        let body = try await call("GET", "/containers/json", query: [("all", "1"), ("filters", String(decoding: filters, as: UTF8.self))])
        return try decode([ContainerSummary].self, body, what: "listing containers")
    }

    /// The last `lines` lines of the container's output (stdout and stderr, the engine's multiplexed frames
    /// decoded).
    public func logs(_ id: String, lines: Int = 100) async throws -> String {
        let body = try await call("GET", "/containers/\(id)/logs", query: [("stdout", "1"), ("stderr", "1"), ("tail", String(lines))])
        return Self.demultiplex(body)
    }

    /// The payloads of the engine's log frames (8-byte header: stream, 3 zero bytes, big-endian length).
    static func demultiplex(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index + 8 <= bytes.count, bytes[index] <= 2, bytes[index + 1] == 0 {
            let length = Int(bytes[index + 4]) << 24 | Int(bytes[index + 5]) << 16 | Int(bytes[index + 6]) << 8 | Int(bytes[index + 7])
            let start = index + 8
            guard start + length <= bytes.count else { break }
            output += bytes[start..<start + length]
            index = start + length
        }
        if index == 0 { output = bytes }
        return String(decoding: output, as: UTF8.self)
    }
}
