import Dispatch
import Foundation

/// Work spread over every core, with results in input order.
enum ParallelMap {
    /// `body(0)`, `body(1)`, … `body(count - 1)` on every core at once; the results in index
    /// order. Each index is handed to one thread as the previous one finishes, so that a slow
    /// element (a large team folder) does not hold the others up.
    static func map<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(body(index), at: index)
        }
        return slots.results()
    }
}

/// One result slot per index, filled from several threads under a lock.
private final class Slots<Result: Sendable>: @unchecked Sendable {
    // Only touched under `lock`.
    private var values: [Result?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func store(_ value: Result, at index: Int) {
        lock.withLock { values[index] = value }
    }

    func results() -> [Result] {
        lock.withLock { values.compactMap { $0 } }
    }
}
