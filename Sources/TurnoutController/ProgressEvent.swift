import Foundation

/// One line of deploy progress: a step, a health change, traffic weights, an analysis verdict, the outcome.
public struct ProgressEvent: Codable, Sendable, Hashable {
    /// When it happened.
    public var at: Date
    /// Seconds since the deploy started.
    public var elapsed: Double
    /// The service it concerns, if one.
    public var service: String?
    /// `deploy`, `step`, `status`, `health`, `traffic`, `analysis`, `rollback`, `outcome`, `command`.
    public var kind: String
    /// The sentence people read.
    public var message: String
    /// Values behind it (healthy counts, weights, metric values).
    public var values: [String: Double]

    /// Creates an event.
    public init(at: Date, elapsed: Double, service: String?, kind: String, message: String, values: [String: Double] = [:]) {
        self.at = at
        self.elapsed = elapsed
        self.service = service
        self.kind = kind
        self.message = message
        self.values = values
    }
}

/// Where progress goes while a deploy runs.
public protocol ProgressReporter: Sendable {
    /// Shows one event.
    func report(_ event: ProgressEvent)
}

/// Progress for a terminal: `[  4.2s] api: message`.
public struct TextProgressReporter: ProgressReporter {
    /// Creates the reporter.
    public init() {}

    public func report(_ event: ProgressEvent) {
        let elapsed = String(format: "%6.1fs", event.elapsed)
        let subject = event.service.map { "\($0): " } ?? ""
        FileHandle.standardOutput.write(Data("[\(elapsed)] \(subject)\(event.message)\n".utf8))
    }
}

/// Progress for CI: one JSON object per line.
public struct JSONLinesProgressReporter: ProgressReporter {
    /// Creates the reporter.
    public init() {}

    /// `2026-11-29T07:42:13.309Z`.
    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func report(_ event: ProgressEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Milliseconds: events of one deploy are often less than a second apart, and the benchmarks time phases by them.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.timestamp.format(date))
        }
        if let data = try? encoder.encode(event) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}

/// Collects events in memory (tests).
public final class CollectingProgressReporter: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [ProgressEvent] = []

    /// Creates an empty collector.
    public init() {}

    public func report(_ event: ProgressEvent) { lock.withLock { collected.append(event) } }

    /// Everything reported so far.
    public var events: [ProgressEvent] { lock.withLock { collected } }
}
