import Dispatch
import Foundation

/// Remembers that one of `signals` arrived (their default action, ending the process, is replaced).
final class SignalLatch: @unchecked Sendable {
    private let lock = NSLock()
    private var arrived = false
    private var sources: [DispatchSourceSignal] = []

    init(signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            sources.append(source)
        }
    }

    private func fire() { lock.withLock { arrived = true } }

    /// Whether a signal arrived.
    var fired: Bool { lock.withLock { arrived } }
}
