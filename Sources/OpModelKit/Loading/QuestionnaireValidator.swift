/// Checks what a JSON Schema cannot: unique ids, a contiguous scale, a descriptor for every
/// level, references that resolve, no `dependsOn` cycle, rules that parse (DESIGN §5.1). Every
/// problem is reported with its JSON path.
public enum QuestionnaireValidator {
    /// Every problem of `questionnaire`, errors and warnings, in document order.
    public static func problems(_ questionnaire: Questionnaire) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        checkIdentity(questionnaire, into: &problems)
        let levels = checkScale(questionnaire, into: &problems)
        let kpiIDs = checkKPIs(questionnaire, into: &problems)

        var questionPaths: [String: String] = [:]
        var domainIDs: [String: String] = [:]
        var searchBudget = RuleExpression.exhaustiveSearchBudget
        if questionnaire.domains.isEmpty {
            problems.append(.error("domains", "a questionnaire needs at least one domain"))
        }
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            let path = "domains[\(domainIndex)]"
            checkIdentifier(domain.id, path: path + ".id", into: &problems)
            if let first = domainIDs[domain.id] {
                problems.append(.error(path + ".id", "duplicate domain id \"\(domain.id)\" (first at \(first))"))
            } else {
                domainIDs[domain.id] = path
            }
            if domain.name.trimmingSpaces.isEmpty {
                problems.append(.error(path + ".name", "the domain needs a name"))
            }
            checkWeight(domain.weight, path: path + ".weight", into: &problems)
            if domain.questions.isEmpty {
                problems.append(.warning(path + ".questions", "the domain has no questions and will never be assessed"))
            }
            for (questionIndex, question) in domain.questions.enumerated() {
                let questionPath = path + ".questions[\(questionIndex)]"
                checkIdentifier(question.id, path: questionPath + ".id", into: &problems)
                if let first = questionPaths[question.id] {
                    problems.append(
                        .error(questionPath + ".id", "duplicate question id \"\(question.id)\" (first at \(first))"))
                } else {
                    questionPaths[question.id] = questionPath
                }
                checkQuestion(
                    question, path: questionPath, levels: levels, kpiIDs: kpiIDs, searchBudget: &searchBudget,
                    into: &problems)
            }
        }
        checkDependencies(questionnaire, questionPaths: questionPaths, into: &problems)
        return problems
    }

    /// Whether any of `problems` is an error (warnings alone keep a file usable).
    public static func hasErrors(_ problems: [ValidationProblem]) -> Bool {
        problems.contains { $0.severity == .error }
    }

    static func checkIdentity(_ questionnaire: Questionnaire, into problems: inout [ValidationProblem]) {
        checkIdentifier(questionnaire.id, path: "id", into: &problems)
        if questionnaire.version.trimmingSpaces.isEmpty {
            problems.append(.error("version", "the questionnaire needs a version such as \"1.0.0\""))
        }
        if questionnaire.title.trimmingSpaces.isEmpty {
            problems.append(.error("title", "the questionnaire needs a title"))
        }
    }

    /// Checks the scale and returns its levels.
    static func checkScale(_ questionnaire: Questionnaire, into problems: inout [ValidationProblem]) -> [Int] {
        let levels = questionnaire.scale.map(\.level)
        if levels.count < 2 {
            problems.append(.error("scale", "the scale needs at least two levels, found \(levels.count)"))
            return levels
        }
        var seen: Set<Int> = []
        for (index, level) in questionnaire.scale.enumerated() {
            if !seen.insert(level.level).inserted {
                problems.append(.error("scale[\(index)].level", "duplicate level \(level.level)"))
            }
            if level.name.trimmingSpaces.isEmpty {
                problems.append(.error("scale[\(index)].name", "level \(level.level) needs a name"))
            }
            if index > 0, level.level != questionnaire.scale[index - 1].level + 1 {
                problems.append(
                    .error(
                        "scale[\(index)].level",
                        "the scale must be contiguous and ascending: expected \(questionnaire.scale[index - 1].level + 1), found \(level.level)"
                    ))
            }
        }
        return levels
    }

    static func checkKPIs(_ questionnaire: Questionnaire, into problems: inout [ValidationProblem]) -> Set<String> {
        var ids: [String: String] = [:]
        for (index, kpi) in questionnaire.kpis.enumerated() {
            let path = "kpis[\(index)]"
            checkIdentifier(kpi.id, path: path + ".id", into: &problems)
            if let first = ids[kpi.id] {
                problems.append(.error(path + ".id", "duplicate KPI id \"\(kpi.id)\" (first at \(first))"))
            } else {
                ids[kpi.id] = path
            }
            if kpi.name.trimmingSpaces.isEmpty {
                problems.append(.error(path + ".name", "the KPI needs a name"))
            }
            if kpi.unit.trimmingSpaces.isEmpty {
                problems.append(.error(path + ".unit", "the KPI needs a unit, such as \"minutes\" or \"percent\""))
            }
        }
        return Set(ids.keys)
    }

    static func checkQuestion(
        _ question: Question, path: String, levels: [Int], kpiIDs: Set<String>, searchBudget: inout Int,
        into problems: inout [ValidationProblem]
    ) {
        if question.text.trimmingSpaces.isEmpty {
            problems.append(.error(path + ".text", "the question needs a text"))
        }
        if let area = question.area, area.trimmingSpaces.isEmpty {
            problems.append(.error(path + ".area", "the area is empty; name it or leave it out"))
        }
        checkWeight(question.weight, path: path + ".weight", into: &problems)
        let top = levels.max() ?? 0
        let levelSet = Set(levels)
        if let target = question.target, !levelSet.contains(target) {
            problems.append(
                .error(path + ".target", "expected a level of the scale (\(describe(levels))), found \(target)"))
        }
        for (index, kpi) in (question.kpis ?? []).enumerated() where !kpiIDs.contains(kpi) {
            problems.append(
                .error(path + ".kpis[\(index)]", "unknown KPI \"\(kpi)\"; it is not in the questionnaire's kpis"))
        }
        switch question.effectiveKind {
        case .levels:
            checkLevelTexts(question.levels, name: "levels", expected: levels, path: path, into: &problems)
            checkLevelTexts(
                question.next, name: "next", expected: levels.filter { $0 != top }, path: path, into: &problems)
            if question.choices != nil || question.rules != nil {
                problems.append(
                    .warning(path, "choices and rules are ignored unless the question has \"kind\": \"choices\""))
            }
        case .choices:
            checkChoices(question, path: path, levels: levelSet, searchBudget: &searchBudget, into: &problems)
        }
    }

    static func checkLevelTexts(
        _ texts: [String: String]?, name: String, expected: [Int], path: String,
        into problems: inout [ValidationProblem]
    ) {
        let texts = texts ?? [:]
        let what = name == "levels" ? "a descriptor" : "a next action"
        for level in expected {
            let text = texts[String(level)]
            if text == nil || text?.trimmingSpaces.isEmpty == true {
                problems.append(
                    .error(JSONPath.member(String(level), of: path + "." + name), "missing \(what) for level \(level)"))
            }
        }
        let expectedKeys = Set(expected.map(String.init))
        for key in texts.keys.sorted() where !expectedKeys.contains(key) {
            let reason =
                Int(key).map { level in
                    name == "next" && expected.count > 0 && level == (expected.max() ?? 0) + 1
                        ? "the top level has no next action" : "\(level) is not a level of the scale"
                } ?? "expected a level number as the key"
            problems.append(.error(JSONPath.member(key, of: path + "." + name), "unexpected key \"\(key)\": \(reason)"))
        }
    }

    static func checkChoices(
        _ question: Question, path: String, levels: Set<Int>, searchBudget: inout Int,
        into problems: inout [ValidationProblem]
    ) {
        let choices = question.choices ?? []
        if choices.isEmpty {
            problems.append(.error(path + ".choices", "a choices question needs at least one choice"))
        }
        var ids: [String: Int] = [:]
        for (index, choice) in choices.enumerated() {
            if choice.id.trimmingSpaces.isEmpty {
                problems.append(.error(path + ".choices[\(index)].id", "the choice needs an id"))
            }
            if let first = ids[choice.id] {
                problems.append(
                    .error(
                        path + ".choices[\(index)].id",
                        "duplicate choice id \"\(choice.id)\" (first at choices[\(first)])"))
            } else {
                ids[choice.id] = index
            }
        }
        if let none = question.noneChoice, ids[none] == nil {
            problems.append(.error(path + ".noneChoice", "unknown choice \"\(none)\""))
        }
        let rules = question.rules ?? []
        if rules.isEmpty {
            problems.append(.error(path + ".rules", "a choices question needs rules that turn choices into a level"))
            return
        }
        var parsed: [RuleExpression?] = []
        var seenConditions: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let rulePath = path + ".rules[\(index)]"
            if !levels.contains(rule.level) {
                problems.append(.error(rulePath + ".level", "expected a level of the scale, found \(rule.level)"))
            }
            do {
                let expression = try RuleExpression.parse(rule.when)
                parsed.append(expression)
                for id in expression.choiceIDs where ids[id] == nil {
                    problems.append(.error(rulePath + ".when", "unknown choice \"\(id)\" in the condition"))
                }
                if expression == .always, index != rules.count - 1 {
                    problems.append(
                        .warning(rulePath + ".when", "the default rule is not last; the rules after it are never used"))
                }
                let normalized = rule.when.filter { !$0.isWhitespace }
                if let first = seenConditions[normalized] {
                    problems.append(
                        .warning(rulePath + ".when", "the same condition as rules[\(first)]; this rule is never used"))
                } else {
                    seenConditions[normalized] = index
                }
            } catch {
                parsed.append(nil)
                problems.append(.error(rulePath + ".when", "the condition does not parse: \(error)"))
            }
        }
        if parsed.last != .always {
            problems.append(
                .warning(path + ".rules", "the last rule is not \"default\"; an answer no rule matches has no level"))
        }
        // Rules that no selection can reach, when the choices are few enough to try every set
        // and the document's search budget allows it.
        let expressions = parsed.compactMap { $0 }
        guard expressions.count == parsed.count, choices.count <= 12,
            let cost = RuleExpression.exhaustiveSearchCost(choiceCount: choices.count, expressions: expressions),
            cost <= searchBudget
        else { return }
        searchBudget -= cost
        let choiceIDs = choices.map(\.id)
        var reachable = [Bool](repeating: false, count: expressions.count)
        for mask in 0..<(1 << choiceIDs.count) {
            var selected: Set<String> = []
            for (bit, id) in choiceIDs.enumerated() where mask & (1 << bit) != 0 { selected.insert(id) }
            if let first = expressions.firstIndex(where: { $0.evaluate(selected: selected) }) {
                reachable[first] = true
            }
        }
        for (index, isReachable) in reachable.enumerated() where !isReachable {
            let normalized = rules[index].when.filter { !$0.isWhitespace }
            if seenConditions[normalized] != index { continue }  // already reported as a duplicate
            if expressions[index] == .always, index == rules.count - 1 { continue }
            problems.append(
                .warning(
                    path + ".rules[\(index)].when",
                    "no selection of choices reaches this rule; earlier rules always match first"))
        }
    }

    /// Reports `dependsOn` entries that name no question or the question itself, and every
    /// cycle, each once, named in order from the question the search met first.
    ///
    /// The search is an iterative depth-first search over the questions in document order, with
    /// its path on an explicit stack: O(questions + dependencies) in time and memory, and a
    /// chain of any length needs no deeper call stack than a short one.
    static func checkDependencies(
        _ questionnaire: Questionnaire, questionPaths: [String: String], into problems: inout [ValidationProblem]
    ) {
        // Questions by number in document order; a repeated id (an error reported elsewhere)
        // shares the number of its first question, as it shares its answers.
        var ids: [String] = []
        var numbers: [String: Int] = [:]
        for question in questionnaire.allQuestions where numbers[question.id] == nil {
            numbers[question.id] = ids.count
            ids.append(question.id)
        }
        var edges = [[Int]](repeating: [], count: ids.count)
        var known: Set<Int> = []  // from * ids.count + to
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            for (questionIndex, question) in domain.questions.enumerated() {
                guard let from = numbers[question.id] else { continue }
                let path = "domains[\(domainIndex)].questions[\(questionIndex)].dependsOn"
                for (index, dependency) in (question.dependsOn ?? []).enumerated() {
                    if dependency == question.id {
                        problems.append(.error(path + "[\(index)]", "a question cannot depend on itself"))
                    } else if let to = numbers[dependency] {
                        // A dependency listed twice is one edge: each cycle is then met once.
                        if known.insert(from * ids.count + to).inserted { edges[from].append(to) }
                    } else {
                        problems.append(.error(path + "[\(index)]", "unknown question \"\(dependency)\""))
                    }
                }
            }
        }
        // 0: not reached yet; 1: on the search path; 2: finished.
        var state = [UInt8](repeating: 0, count: ids.count)
        // Where each question on the path stands in it.
        var position = [Int](repeating: 0, count: ids.count)
        // The search path: each question with the index of the next dependency to follow.
        var path: [(question: Int, next: Int)] = []
        for root in ids.indices where state[root] == 0 {
            state[root] = 1
            position[root] = 0
            path.append((root, 0))
            while let (question, next) = path.last {
                guard next < edges[question].count else {
                    path.removeLast()
                    state[question] = 2
                    continue
                }
                path[path.count - 1].next += 1
                let dependency = edges[question][next]
                switch state[dependency] {
                case 0:
                    state[dependency] = 1
                    position[dependency] = path.count
                    path.append((dependency, 0))
                case 1:
                    // A path segment is fixed by its two ends, and each edge is followed once,
                    // so every cycle found here is new.
                    let cycle = path[position[dependency]...].lazy.map { ids[$0.question] }
                    problems.append(
                        .error(
                            (questionPaths[ids[dependency]] ?? "domains") + ".dependsOn",
                            "dependsOn has a cycle" + Self.describeCycle(cycle)))
                default:
                    break
                }
            }
        }
    }

    /// `: A → B → C → A`; for a cycle of more than eight questions, its first five and last two
    /// and their number, so that the message stays short and costs the same for any length.
    static func describeCycle<Names: RandomAccessCollection<String>>(_ cycle: Names) -> String {
        guard let first = cycle.first else { return "" }
        guard cycle.count > 8 else { return ": " + (Array(cycle) + [first]).joined(separator: " → ") }
        let names = Array(cycle.prefix(5)) + ["…"] + Array(cycle.suffix(2)) + [first]
        return " of \(cycle.count) questions: " + names.joined(separator: " → ")
    }

    static func checkIdentifier(_ id: String, path: String, into problems: inout [ValidationProblem]) {
        if id.trimmingSpaces.isEmpty {
            problems.append(.error(path, "the id is empty"))
        } else if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "@" || $0 == "/" }) {
            problems.append(.error(path, "the id \"\(id)\" must not contain spaces, \"@\" or \"/\""))
        }
    }

    /// The largest domain or question weight: far beyond any real questionnaire, and small
    /// enough that weighted sums of levels stay finite.
    public static let maximumWeight: Double = 1_000

    static func checkWeight(_ weight: Double?, path: String, into problems: inout [ValidationProblem]) {
        guard let weight else { return }
        if !weight.isFinite || weight < 0 {
            problems.append(.error(path, "expected a weight ≥ 0, found \(JSONWriter.format(number: weight))"))
        } else if weight > maximumWeight {
            // Larger weights overflow the weighted sums of the score to infinity.
            problems.append(
                .error(
                    path,
                    "expected a weight of at most \(JSONWriter.format(number: maximumWeight)), "
                        + "found \(JSONWriter.format(number: weight))"))
        }
    }

    static func describe(_ levels: [Int]) -> String {
        guard let low = levels.min(), let high = levels.max() else { return "none" }
        return "\(low)–\(high)"
    }
}
