/// What the load generator keeps of a response: its status and the release version header.
public struct HTTPResponseHead: Sendable, Hashable {
    /// The status code.
    public var status: Int
    /// `X-Turnout-Version`, when the server sent it.
    public var version: String?
    /// Whether the server will close the connection after this response.
    public var closes: Bool
}

/// Why a request got no response.
public enum HTTPExchangeError: Error, Sendable, Hashable {
    /// The connection closed (EOF or reset) before any byte of the response: on a reused keep-alive
    /// connection, clients retry an idempotent request once.
    case closedBeforeResponse
    /// The connection broke after part of the response.
    case closedMidResponse
    /// No answer within the timeout.
    case timeout
    /// Could not connect.
    case connectFailed(Int32)
    /// The bytes were not an HTTP/1.x response.
    case malformedResponse
}
