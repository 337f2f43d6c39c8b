import Foundation
import Hummingbird
import TurnoutAppCore

/// An error answered to the client as `{"error": {"code": ..., "message": ...}}`.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var headers: HTTPFields = [:]

    static func badRequest(_ code: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    static func invalidField(_ field: String, _ expected: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_field", message: "field '\(field)': expected \(expected)")
    }

    static func notFound(_ message: String = "no such resource") -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    static func unavailable(_ code: String, _ message: String) -> APIError {
        APIError(status: .serviceUnavailable, code: code, message: message, headers: [.retryAfter: "1"])
    }

    /// JSON body bytes.
    var body: ByteBuffer {
        let object: [String: [String: String]] = ["error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return ByteBuffer(bytes: data)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        toResponse()
    }

    func toResponse() -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: body))
    }

    /// Maps any error to the client-facing error; never leaks a crash for user input.
    static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? HTTPError {
            switch error.status {
            case .notFound: return .notFound()
            case .contentTooLarge:
                return APIError(status: .contentTooLarge, code: "payload_too_large", message: "request body exceeds the limit")
            case .methodNotAllowed:
                return APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "method not allowed")
            default:
                let code = error.status.code < 500 ? "bad_request" : "internal"
                return APIError(status: error.status, code: code, message: error.body ?? error.status.reasonPhrase)
            }
        }
        if let error = error as? LimitError {
            switch error {
            case .waitTimeout: return .unavailable("pool_exhausted", "database pool exhausted, retry later")
            case .timedOut: return .unavailable("timeout", "dependency timed out, retry later")
            }
        }
        if let error = error as? RedisErrorMapping { return error.apiError }
        return APIError(status: .internalServerError, code: "internal", message: "internal error")
    }
}

/// Errors that know their client-facing form.
protocol RedisErrorMapping { var apiError: APIError { get } }
