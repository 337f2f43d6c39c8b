import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `transform` applied to every element, in order, spread over the machine's cores (rendering a large
    /// manifest's objects is independent work). When elements fail, the error of the first failing one by
    /// position is thrown, as a loop would, so the result never depends on the scheduling.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard count > 1, cores > 1 else { return try map(transform) }
        let slots = ResultSlots<T>(count: count)
        let chunks = Swift.min(count, cores * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                slots.set(index, Result { try transform(self[index]) })
            }
        }
        return try slots.values()
    }
}

/// One result slot per element; each slot is written by exactly one iteration, and read only after all of
/// them have finished (`concurrentPerform` returns then), so the slots need no lock.
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<T, any Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ result: Result<T, any Error>) { slots[index] = result }

    func values() throws -> [T] {
        try slots.map { slot in
            guard let slot else { preconditionFailure("concurrentMap: an element was not computed") }
            return try slot.get()
        }
    }
}
