import Foundation
import TurnoutManifest
import TurnoutRuntime

extension DockerEngine {
    /// The ID (`sha256:...`) of image `reference`; `nil` when the engine does not have it.
    public func imageID(_ reference: String) async throws -> String? {
        struct Image: Decodable { var Id: String }
        do {
            return try decode(Image.self, try await call("GET", "/images/\(reference)/json"), what: "inspecting image \(reference)").Id
        } catch let failure as Failure where failure.status == 404 {
            return nil
        }
    }

    /// Builds `context` (a tar archive holding a Dockerfile) as `tag` with the classic builder (this engine has
    /// no BuildKit), labelled with `labels`; returns the build's output and the new image's ID.
    public func build(context: [UInt8], tag: String, labels: [String: String], timeout: TimeSpan = .seconds(600)) async throws -> (output: String, id: String) {
        let labelText = String(decoding: try JSONSerialization.data(withJSONObject: labels, options: [.sortedKeys]), as: UTF8.self)
        let body = try await call("POST", "/build", query: [("t", tag), ("labels", labelText), ("rm", "1"), ("forcerm", "1")], body: context,
                                  contentType: "application/x-tar", expected: [200], timeout: timeout)
        // The answer is a stream of JSON objects: {"stream": "..."} lines, an {"error": "..."} on failure.
        var output = ""
        for line in String(decoding: body, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let error = object["error"] as? String { throw Failure(status: 200, message: "building \(tag) failed: \(error)\n\(output)") }
            if let stream = object["stream"] as? String { output += stream }
        }
        guard let id = try await imageID(tag) else { throw Failure(status: 200, message: "the engine built \(tag) but does not list it:\n\(output)") }
        return (output, id)
    }
}
