import Foundation
import Synchronization

/// Sends HTTP load from one thread per keep-alive connection, counting what a retrying client and a raw
/// socket client would each see. Start it, do something (a deploy), stop it, read the report.
public final class LoadGenerator: Sendable {
    private let options: LoadOptions
    private let stopping = Atomic<Bool>(false)
    private let tallies = Mutex<[ConnectionTally]>([])
    private let finished = Atomic<Int>(0)
    private let started = ContinuousClock.now

    private init(options: LoadOptions) { self.options = options }

    /// Starts the connections' threads and returns at once.
    public static func start(_ options: LoadOptions) -> LoadGenerator {
        let generator = LoadGenerator(options: options)
        for index in 0..<max(1, options.connections) {
            let thread = Thread { generator.runConnection(index) }
            thread.stackSize = 256 << 10
            thread.start()
        }
        return generator
    }

    /// Runs for the configured duration (or until `stop()`), then returns the report.
    public static func run(_ options: LoadOptions) async -> LoadReport {
        await start(options).waitForReport()
    }

    /// Asks every connection to finish its current request and waits for the report.
    public func stop() async -> LoadReport {
        stopping.store(true, ordering: .relaxed)
        return await waitForReport()
    }

    private func waitForReport() async -> LoadReport {
        while finished.load(ordering: .acquiring) < max(1, options.connections) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = tallies.withLock { $0.reduce(into: ConnectionTally()) { $0.add($1) } }
        return LoadReport(tally: total, seconds: seconds)
    }

    private func shouldStop() -> Bool {
        if stopping.load(ordering: .relaxed) { return true }
        if let duration = options.duration, ContinuousClock.now - started >= duration { return true }
        return false
    }

    private func runConnection(_ index: Int) {
        var tally = ConnectionTally()
        var random = SystemRandomNumberGenerator()
        let connection = BlockingHTTPConnection(target: options.targets[0], timeout: options.timeout)
        var turn = index
        while !shouldStop() {
            let target = options.targets[turn % options.targets.count]
            turn += 1
            let begin = ContinuousClock.now
            let outcome = exchange(connection, path: target.path, tally: &tally)
            let elapsed = ContinuousClock.now - begin
            let second = Int((begin - started).components.seconds)
            switch outcome {
            case .success(let head):
                tally.requests += 1
                _ = tally.latencyMicros.record(UInt64(max(0, elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)))
                tally.statusClasses["\(head.status / 100)xx", default: 0] += 1
                tally.versions[head.version ?? "none", default: 0] += 1
                tally.note(second: second, key: head.status / 100 == 2 ? (head.version ?? "none") : "failed")
            case .failure:
                tally.unrecoveredErrors += 1
                tally.note(second: second, key: "failed")
                Thread.sleep(forTimeInterval: 0.005)
            }
            if let think = options.thinkTime {
                let low = think.lowerBound.components, high = think.upperBound.components
                let lowSeconds = Double(low.seconds) + Double(low.attoseconds) / 1e18
                let highSeconds = Double(high.seconds) + Double(high.attoseconds) / 1e18
                Thread.sleep(forTimeInterval: Double.random(in: lowSeconds...highSeconds, using: &random))
            }
        }
        connection.close()
        tallies.withLock { $0.append(tally) }
        finished.add(1, ordering: .releasing)
    }

    /// One request, retried once when a reused keep-alive connection closed before any response byte.
    private func exchange(_ connection: BlockingHTTPConnection, path: String, tally: inout ConnectionTally) -> Result<HTTPResponseHead, HTTPExchangeError> {
        let reused = connection.isOpen && connection.responsesOnSocket > 0
        do {
            return .success(try connection.get(path))
        } catch {
            tally.socketErrors += 1
            guard error == .closedBeforeResponse, reused, options.retryClosedKeepAlive else { return .failure(error) }
            tally.retriedKeepAliveCloses += 1
            do {
                return .success(try connection.get(path))
            } catch let retryError {
                tally.socketErrors += 1
                return .failure(retryError)
            }
        }
    }
}
