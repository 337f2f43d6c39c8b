import ArgumentParser
import Foundation
import TurnoutLoad
import TurnoutManifest

/// `turnout load URL...`: the load generator the tests and benchmarks use.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Send HTTP load and report req/s, p50/p95/p99, non-2xx, failures as retrying clients see them, socket errors and versions.")

    @Argument(help: "http:// URLs, requested in turn.")
    var urls: [String]

    @Option(name: [.short, .customLong("connections")], help: "Keep-alive connections.")
    var connections = 16

    @Option(name: [.short, .customLong("duration")], help: "How long, e.g. 30s.")
    var duration = "10s"

    @Option(help: "Think time between a connection's requests, e.g. 1s-3s (default: none).")
    var think: String?

    @Flag(help: "Count keep-alive closes as failures instead of retrying once (like wrk).")
    var noRetry = false

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        let targets = try urls.map { url -> HTTPTarget in
            guard let target = HTTPTarget(url: url) else { throw ValidationError("'\(url)' is not an http://HOST:PORT/PATH URL") }
            return target
        }
        guard let span = TimeSpan.parse(duration) else { throw ValidationError("--duration expects e.g. 30s") }
        var thinkRange: ClosedRange<Duration>?
        if let think {
            let parts = think.split(separator: "-").map(String.init)
            guard parts.count == 2, let low = TimeSpan.parse(parts[0]), let high = TimeSpan.parse(parts[1]), low <= high else {
                throw ValidationError("--think expects LOW-HIGH such as 1s-3s")
            }
            thinkRange = low.duration...high.duration
        }
        let generator = LoadGenerator.start(LoadOptions(
            targets: targets, connections: connections, duration: span.duration, thinkTime: thinkRange, retryClosedKeepAlive: !noRetry))
        // SIGINT or SIGTERM ends the run early; the report is printed either way.
        let interrupted = SignalLatch(signals: [SIGINT, SIGTERM])
        let deadline = ContinuousClock.now + span.duration
        while ContinuousClock.now < deadline, !interrupted.fired {
            try await Task.sleep(for: .milliseconds(50))
        }
        let report = await generator.stop()
        print(output == .json ? try JSONText.encode(report) : report.text)
    }
}
