/// What one revision served over a window, from the window's histogram deltas of a request-duration
/// histogram labelled with a status class: requests, errors (5xx) and the latency of the answered ones.
public struct RequestWindow: Sendable, Hashable {
    /// Latency of the requests that did not fail (status class not 5xx), all routes together.
    public var latency: CumulativeHistogram
    /// Requests of every status in the window.
    public var requests: Double
    /// Requests whose status class is an error (5xx).
    public var errors: Double

    /// Creates a window.
    public init(latency: CumulativeHistogram, requests: Double, errors: Double) {
        self.latency = latency
        self.requests = requests
        self.errors = errors
    }

    /// An empty window.
    public static let empty = RequestWindow(latency: CumulativeHistogram(buckets: []), requests: 0, errors: 0)

    /// The error share `errors / requests`; `nil` without requests.
    public var errorShare: Double? { requests > 0 ? errors / requests : nil }

    /// Builds a window from per-label-set histogram deltas. A series is an error when its `statusLabel`
    /// value starts with `5` (`5xx`, or a code such as `503`); a series without the label counts as success.
    public static func from(_ deltas: [[String: String]: CumulativeHistogram], statusLabel: String = "status") -> RequestWindow {
        var window = RequestWindow.empty
        var latency: CumulativeHistogram?
        for (labels, histogram) in deltas {
            let requests = histogram.total
            window.requests += requests
            if labels[statusLabel]?.hasPrefix("5") == true {
                window.errors += requests
            } else {
                latency = latency.map { $0 + histogram } ?? histogram
            }
        }
        window.latency = latency ?? CumulativeHistogram(buckets: [])
        return window
    }

    /// Both windows together (several instances of one revision).
    public static func + (lhs: RequestWindow, rhs: RequestWindow) -> RequestWindow {
        let latency: CumulativeHistogram
        if lhs.latency.buckets.isEmpty { latency = rhs.latency }
        else if rhs.latency.buckets.isEmpty { latency = lhs.latency }
        else { latency = lhs.latency + rhs.latency }
        return RequestWindow(latency: latency, requests: lhs.requests + rhs.requests, errors: lhs.errors + rhs.errors)
    }
}
