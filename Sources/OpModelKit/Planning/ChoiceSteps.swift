/// The steps of a `choices` question follow its own rules (DESIGN §4.5): a step to the next
/// level lists the fewest unselected choices whose selection makes the rules yield that level or
/// more, instead of one step per unticked choice.
struct ChoiceSteps {
    /// A step: the choices to put in place and the level the rules then yield.
    struct Step: Equatable {
        var choices: [Choice]
        var level: Int
    }

    /// Subsets up to this size are searched exhaustively; beyond it, choices are added one at a
    /// time in questionnaire order, so that planning stays fast on any input.
    static let exhaustiveSize = 4

    /// The steps from the current selection (the "none" choice set aside) up to `target`: each
    /// the fewest choices (first in questionnaire order among equals) that raise the level to
    /// the next one or more. Stops where no remaining choice can raise the level.
    static func steps(for question: Question, selected: [String], target: Int) -> [Step] {
        var rules: [(expression: RuleExpression, level: Int)] = []
        for rule in question.rules ?? [] {
            guard let expression = try? RuleExpression.parse(rule.when) else { return [] }
            rules.append((expression, rule.level))
        }
        func level(_ set: Set<String>) -> Int? {
            rules.first { $0.expression.evaluate(selected: set) }?.level
        }
        var chosen = Set(selected)
        if let none = question.noneChoice { chosen.remove(none) }
        guard var current = level(chosen) else { return [] }
        var remaining = (question.choices ?? []).filter { $0.id != question.noneChoice && !chosen.contains($0.id) }
        var result: [Step] = []
        while current < target, !remaining.isEmpty {
            guard let found = fewest(from: remaining, adding: chosen, reaching: current + 1, level: level) else {
                break
            }
            let ids = Set(found.choices.map(\.id))
            chosen.formUnion(ids)
            remaining.removeAll { ids.contains($0.id) }
            current = found.level
            result.append(found)
        }
        return result
    }

    /// The smallest subset of `candidates` that, added to `base`, yields at least `needed`.
    private static func fewest(
        from candidates: [Choice], adding base: Set<String>, reaching needed: Int, level: (Set<String>) -> Int?
    ) -> Step? {
        let count = candidates.count
        for size in 1...min(count, exhaustiveSize) {
            // Index combinations in lexicographic order, without recursion.
            var indices = Array(0..<size)
            while true {
                var set = base
                for index in indices { set.insert(candidates[index].id) }
                if let reached = level(set), reached >= needed {
                    return Step(choices: indices.map { candidates[$0] }, level: reached)
                }
                var position = size - 1
                while position >= 0 && indices[position] == count - size + position { position -= 1 }
                if position < 0 { break }
                indices[position] += 1
                for next in (position + 1)..<size { indices[next] = indices[next - 1] + 1 }
            }
        }
        guard count > exhaustiveSize else { return nil }
        var set = base
        var taken: [Choice] = []
        for candidate in candidates {
            set.insert(candidate.id)
            taken.append(candidate)
            if let reached = level(set), reached >= needed { return Step(choices: taken, level: reached) }
        }
        return nil
    }
}
