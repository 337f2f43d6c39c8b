/// The outcome of one health probe.
public enum ProbeResult: Sendable, Hashable, CustomStringConvertible {
    /// The probe passed.
    case passed
    /// The probe failed, e.g. `HTTP 503 from 127.0.0.1:20001/api/v1/ready`, `connection refused`,
    /// `timeout after 500ms`.
    case failed(reason: String)

    /// Whether the probe passed.
    public var isPassed: Bool { self == .passed }

    /// `passed`, or the failure's reason.
    public var description: String {
        switch self {
        case .passed: return "passed"
        case .failed(let reason): return reason
        }
    }
}
