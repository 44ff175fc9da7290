import Foundation

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same cases on every
/// machine, so that a failing fuzz case can be replayed from its seed and index.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive).
    public mutating func below(_ bound: Int) -> Int {
        bound > 0 ? Int(next() % UInt64(bound)) : 0
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }
}

/// Reads a knob of the fuzz tests from the environment (`OPMODEL_FUZZ_SEED`, `…_CASES`).
public enum FuzzSettings {
    /// The integer environment variable `name`, else `value`.
    public static func integer(_ name: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? value
    }

    /// The base seed; every test derives its own from it.
    public static var seed: UInt64 { UInt64(truncatingIfNeeded: integer("OPMODEL_FUZZ_SEED", default: 20_261_123)) }

    /// Prints every case before running it, to find the one that traps.
    public static var verbose: Bool { ProcessInfo.processInfo.environment["OPMODEL_FUZZ_VERBOSE"] == "1" }
}
