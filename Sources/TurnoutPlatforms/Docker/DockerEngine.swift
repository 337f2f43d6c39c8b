import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Docker Engine API over its Unix socket, at a pinned API version (1.41: what Debian's dockerd 20.10
/// speaks; the `docker` CLI on PATH may be newer). Every call is a typed request with a timeout of its own (a
/// crash-looping container once made a blocking CLI call hang for ten minutes); nothing goes through a shell.
public struct DockerEngine: Sendable {
    /// The engine's socket (`DOCKER_HOST=unix://...`, else `/var/run/docker.sock`).
    public let socket: String
    /// The API version every path is prefixed with.
    public let apiVersion: String
    /// How long an ordinary call may take.
    public let timeout: TimeSpan

    /// Creates a client.
    public init(socket: String = DockerEngine.defaultSocket(), apiVersion: String = "1.41", timeout: TimeSpan = .seconds(30)) {
        self.socket = socket
        self.apiVersion = apiVersion
        self.timeout = timeout
    }

    /// The socket `DOCKER_HOST` names when it is a `unix://` address, else `/var/run/docker.sock`.
    public static func defaultSocket(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let host = environment["DOCKER_HOST"], host.hasPrefix("unix://") { return String(host.dropFirst("unix://".count)) }
        return "/var/run/docker.sock"
    }

    /// A failed call: what was asked, the engine's status and message.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The HTTP status, 0 when the engine did not answer.
        public var status: Int
        /// What went wrong.
        public var message: String
        public var description: String { message }
    }

    /// Sends a request and returns the answer's body when its status is in `expected`.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], json: Data? = nil, body: [UInt8] = [],
              contentType: String? = nil, expected: Set<Int> = [200, 201, 204, 304], timeout: TimeSpan? = nil, limit: Int = 64 << 20) async throws -> [UInt8] {
        var full = "/v\(apiVersion)\(path)"
        if !query.isEmpty {
            full += "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        }
        var headers: [String: String] = [:]
        var payload = body
        if let json {
            payload = Array(json)
            headers["Content-Type"] = "application/json"
        } else if let contentType {
            headers["Content-Type"] = contentType
        }
        switch await HTTPFetch.request(socket: socket, method: method, path: full, headers: headers, body: payload, timeout: timeout ?? self.timeout, limit: limit) {
        case .failure(let failure):
            throw Failure(status: 0, message: "the Docker Engine at \(socket) did not answer \(method) \(path): \(failure.description)")
        case .success(let response):
            guard expected.contains(response.status) else {
                throw Failure(status: response.status, message: "the Docker Engine answered \(method) \(path) with \(response.status): \(Self.message(response.body))")
            }
            return response.body
        }
    }

    /// Decodes a JSON answer.
    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw Failure(status: 200, message: "cannot read the Docker Engine's answer to \(what): \(error)")
        }
    }

    /// The engine's own error message (`{"message": "..."}`), or the text.
    static func message(_ body: [UInt8]) -> String {
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], let message = object["message"] as? String {
            return message
        }
        return String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The engine's version, or why it cannot be reached.
    public func version() async throws -> (engine: String, api: String) {
        struct Version: Decodable { var Version: String; var ApiVersion: String }
        let version = try decode(Version.self, try await call("GET", "/version", timeout: .seconds(5)), what: "GET /version")
        return (version.Version, version.ApiVersion)
    }
}
