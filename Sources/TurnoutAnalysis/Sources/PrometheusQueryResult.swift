import Foundation

/// The result of a Prometheus instant query (`/api/v1/query`), decoded from its JSON answer.
public enum PrometheusQueryResult: Sendable, Hashable {
    /// A scalar value.
    case scalar(Double)
    /// An instant vector: one value per series, with its labels.
    case vector([Element])

    /// One series of a vector.
    public struct Element: Sendable, Hashable {
        /// The series' labels.
        public var labels: [String: String]
        /// Its value (may be NaN or infinite).
        public var value: Double

        /// Creates an element.
        public init(labels: [String: String], value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    /// Decodes an API answer: the result, or why there is none (an error answer, a matrix or string result,
    /// malformed JSON).
    public static func decode(_ body: [UInt8]) -> Result<PrometheusQueryResult, SourceFailure> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let root = object as? [String: Any] else {
            return .failure(SourceFailure("the answer is not a JSON object"))
        }
        guard root["status"] as? String == "success" else {
            let kind = root["errorType"] as? String ?? "error"
            return .failure(SourceFailure("\(kind): \(root["error"] as? String ?? "no error text")"))
        }
        guard let data = root["data"] as? [String: Any], let type = data["resultType"] as? String else {
            return .failure(SourceFailure("the answer has no data.resultType"))
        }
        switch type {
        case "scalar":
            guard let pair = data["result"] as? [Any], let value = pairValue(pair) else { return .failure(SourceFailure("malformed scalar result")) }
            return .success(.scalar(value))
        case "vector":
            guard let list = data["result"] as? [Any] else { return .failure(SourceFailure("malformed vector result")) }
            var elements: [Element] = []
            for item in list {
                guard let entry = item as? [String: Any], let pair = entry["value"] as? [Any], let value = pairValue(pair) else {
                    return .failure(SourceFailure("malformed vector element"))
                }
                elements.append(Element(labels: entry["metric"] as? [String: String] ?? [:], value: value))
            }
            return .success(.vector(elements))
        default:
            return .failure(SourceFailure("a \(type) result (an instant query must answer a vector or a scalar)"))
        }
    }

    /// `[timestamp, "value"]` -> value.
    private static func pairValue(_ pair: [Any]) -> Double? {
        guard pair.count == 2, let text = pair[1] as? String else { return nil }
        return PrometheusText.parseValue(text)
    }
}
