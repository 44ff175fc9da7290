/// The order in which the planner decides steps (DESIGN §4.2–3): always the first undecided step,
/// in priority order, whose prerequisites are all decided; when none is ready (only with a
/// `dependsOn` cycle, which the validator rejects), the first undecided step.
///
/// A count of undecided prerequisites per step and a heap of the ready ones make each choice
/// O(log n), where a scan of the queue for the first ready step made planning quadratic.
struct DecisionOrder {
    /// Positions (in priority order) of the steps that are ready and not yet decided: a min-heap.
    private var ready: [Int] = []
    /// Per step, how many of its prerequisites are not decided yet.
    private var waiting: [Int]
    /// The steps waiting for each undecided id (a step waiting twice for one id is listed twice).
    private var waiters: [String: [Int]] = [:]
    /// The ids decided so far.
    private var decided: Set<String>
    private var taken: [Bool]
    private var firstUntaken = 0
    private var remaining: Int

    /// An order over steps whose prerequisites' ids are `prerequisites` (one list per step, in
    /// priority order); the ids in `decided` are decided from the start (pinned steps).
    init(prerequisites: [[String]], decided: Set<String>) {
        self.decided = decided
        waiting = Array(repeating: 0, count: prerequisites.count)
        taken = Array(repeating: false, count: prerequisites.count)
        remaining = prerequisites.count
        for (position, ids) in prerequisites.enumerated() {
            for id in ids where !decided.contains(id) {
                waiting[position] += 1
                waiters[id, default: []].append(position)
            }
            if waiting[position] == 0 { ready.append(position) }
        }
        // Positions were appended in increasing order: already a heap.
    }

    /// The position of the next step to decide; nil when every step is taken.
    mutating func next() -> Int? {
        guard remaining > 0 else { return nil }
        let position: Int
        if let first = popReady() {
            position = first
        } else {
            while taken[firstUntaken] { firstUntaken += 1 }
            position = firstUntaken
        }
        taken[position] = true
        remaining -= 1
        return position
    }

    /// Records that the step with `id` was decided (placed or sent to the backlog).
    mutating func decide(_ id: String) {
        guard decided.insert(id).inserted, let positions = waiters.removeValue(forKey: id) else { return }
        for position in positions {
            waiting[position] -= 1
            if waiting[position] == 0 && !taken[position] { pushReady(position) }
        }
    }

    private mutating func pushReady(_ position: Int) {
        ready.append(position)
        var child = ready.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ready[child] < ready[parent] else { break }
            ready.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popReady() -> Int? {
        guard let last = ready.popLast() else { return nil }
        guard !ready.isEmpty else { return last }
        let first = ready[0]
        ready[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < ready.count && ready[left] < ready[smallest] { smallest = left }
            if right < ready.count && ready[right] < ready[smallest] { smallest = right }
            if smallest == parent { break }
            ready.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}

/// The points still free in each quarter of the horizon. A max-tree over the quarters finds the
/// first quarter from a given one with enough free points in O(log n), where a walk along the
/// horizon for every step made planning quadratic.
struct FreeQuarters {
    let start: Period
    let capacity: Int
    /// The number of quarters.
    private let count: Int
    /// The number of leaves: a power of two at least `count`.
    private let leaves: Int
    /// `tree[leaves + i]` is the free points of quarter `i` (0 past the horizon); each inner node
    /// holds the largest value below it.
    private var tree: [Int]

    /// The quarters from `start` to `end` with `capacity` points each, `load` (the points of the
    /// pinned steps) already in them.
    init(start: Period, end: Period, capacity: Int, load: [Period: Int]) {
        self.start = start
        self.capacity = capacity
        count = max(1, start.quarters(to: end) + 1)
        var leaves = 1
        while leaves < count { leaves *= 2 }
        self.leaves = leaves
        tree = Array(repeating: 0, count: 2 * leaves)
        for offset in 0..<count { tree[leaves + offset] = capacity }
        for (quarter, points) in load {
            let offset = start.quarters(to: quarter)
            guard offset >= 0 && offset < count else { continue }
            tree[leaves + offset] = max(0, capacity - points)
        }
        var node = leaves - 1
        while node >= 1 {
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
            node -= 1
        }
    }

    /// The points a step of `effort` takes: a step bigger than a quarter takes a quarter alone.
    func points(for effort: Int) -> Int { min(max(effort, 1), capacity) }

    /// The first quarter at or after `earliest`, within the horizon, with room for a step of
    /// `effort` points.
    func first(from earliest: Period, effort: Int) -> Period? {
        let offset = max(0, start.quarters(to: earliest))
        guard offset < count else { return nil }
        let need = points(for: effort)
        // The nodes that cover [offset, end) from the left, in order; the first with room
        // holds the answer.
        var left = leaves + offset
        var right = 2 * leaves
        while left < right {
            if left & 1 == 1 {
                if tree[left] >= need { return descend(from: left, need: need) }
                left += 1
            }
            left >>= 1
            right >>= 1
        }
        return nil
    }

    /// The leftmost quarter below `node` with at least `need` points free.
    private func descend(from node: Int, need: Int) -> Period? {
        var node = node
        while node < leaves {
            node = tree[2 * node] >= need ? 2 * node : 2 * node + 1
        }
        return start.advanced(by: node - leaves)
    }

    /// Puts a step of `effort` points in `quarter`.
    mutating func add(effort: Int, to quarter: Period) {
        let offset = start.quarters(to: quarter)
        guard offset >= 0 && offset < count else { return }
        var node = leaves + offset
        tree[node] = max(0, tree[node] - points(for: effort))
        node /= 2
        while node >= 1 {
            tree[node] = max(tree[2 * node], tree[2 * node + 1])
            node /= 2
        }
    }
}
