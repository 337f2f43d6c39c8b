import Foundation
import Hummingbird
import TurnoutAppCore

/// Reads and validates JSON request bodies with precise 400/413 errors.
struct RequestBody {
    let limit: Int

    /// Collects the body (413 past the limit) and parses it as a JSON object (400 otherwise).
    func jsonObject(_ request: Request) async throws -> [String: JSONValue] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Self.tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError.badRequest("invalid_json", "request body is empty; expected a JSON object") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIError.badRequest("invalid_json", "request body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("invalid_json", "request body must be a JSON object")
        }
        return object
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large", message: "request body exceeds \(limit) bytes")
    }

    /// A required string field with length bounds.
    static func string(_ object: [String: JSONValue], _ field: String, maxLength: Int) throws -> String {
        guard case .string(let text)? = object[field] else {
            throw APIError.invalidField(field, "a string of 1 to \(maxLength) characters")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, text.count <= maxLength else {
            throw APIError.invalidField(field, "a string of 1 to \(maxLength) characters")
        }
        return text
    }

    /// An optional query integer within bounds.
    static func queryInt(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw APIError.invalidField(name, "an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return parsed
    }
}
