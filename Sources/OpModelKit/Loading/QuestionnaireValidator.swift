/// Checks what a JSON Schema cannot: unique ids, a contiguous scale, a descriptor for every
/// level, references that resolve, no `dependsOn` cycle, rules that parse, quality criteria,
/// learn-more links, effort points and KPI benchmarks that fit the scale, the next actions and
/// the KPI's unit, and area names spelt one way (DESIGN §5.1, §10.4). Every problem is reported
/// with its JSON path.
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
        checkAreas(questionnaire, into: &problems)
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
            checkBenchmarks(kpi, path: path, into: &problems)
        }
        return Set(ids.keys)
    }

    /// Each benchmark has a label and at least one bound; its bounds are in order and are values
    /// the KPI's unit allows (a percentage between 0 and 100, a duration never negative).
    static func checkBenchmarks(_ kpi: KPIDefinition, path: String, into problems: inout [ValidationProblem]) {
        for (index, benchmark) in (kpi.benchmarks ?? []).enumerated() {
            let benchmarkPath = path + ".benchmarks[\(index)]"
            if benchmark.label.trimmingSpaces.isEmpty {
                problems.append(.error(benchmarkPath + ".label", "the benchmark needs a label, such as \"Elite\""))
            }
            if benchmark.from == nil && benchmark.to == nil {
                problems.append(
                    .error(benchmarkPath, "the benchmark needs \"from\", \"to\" or both; leave out only an open end"))
            }
            if let from = benchmark.from, let to = benchmark.to, from > to {
                problems.append(
                    .error(
                        benchmarkPath,
                        "\"from\" (\(JSONWriter.format(number: from))) is above \"to\" (\(JSONWriter.format(number: to)))"
                    ))
            }
            for (name, bound) in [("from", benchmark.from), ("to", benchmark.to)] {
                guard let bound, let problem = KPIValueRules.problem(value: bound, unit: kpi.unit) else { continue }
                problems.append(.error(benchmarkPath + "." + name, problem))
            }
        }
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
        checkCriteria(question.criteria, path: path + ".criteria", levels: levels, into: &problems)
        checkReferences(question.references, path: path + ".references", into: &problems)
        checkEffort(question, path: path + ".effort", into: &problems)
    }

    /// The fewest and most statements a level's quality criteria should have.
    public static let criteriaPerLevel = 2...4

    /// Criteria are keyed by levels of the scale, hold non-empty statements, two to four a level
    /// (a warning otherwise), and cover every level once a question has any.
    static func checkCriteria(
        _ criteria: [String: [String]]?, path: String, levels: [Int], into problems: inout [ValidationProblem]
    ) {
        guard let criteria else { return }
        let levelKeys = Set(levels.map(String.init))
        for key in criteria.keys.sorted(by: Self.levelKeyOrder) {
            let keyPath = JSONPath.member(key, of: path)
            guard levelKeys.contains(key) else {
                let reason =
                    Int(key).map { "\($0) is not a level of the scale (\(describe(levels)))" }
                    ?? "expected a level number as the key"
                problems.append(.error(keyPath, "unexpected key \"\(key)\": \(reason)"))
                continue
            }
            let statements = criteria[key] ?? []
            for (index, statement) in statements.enumerated() where statement.trimmingSpaces.isEmpty {
                problems.append(.error(keyPath + "[\(index)]", "the statement is empty"))
            }
            if !criteriaPerLevel.contains(statements.count) {
                problems.append(
                    .warning(
                        keyPath,
                        "level \(key) has \(statements.count) statement\(statements.count == 1 ? "" : "s"); "
                            + "write \(criteriaPerLevel.lowerBound) to \(criteriaPerLevel.upperBound) checkable ones"))
            }
        }
        let missing = levels.filter { criteria[String($0)] == nil }
        if !criteria.isEmpty, !missing.isEmpty {
            problems.append(
                .warning(
                    path,
                    "no criteria for level\(missing.count == 1 ? "" : "s") "
                        + missing.map(String.init).joined(separator: ", ")
                        + "; the room cannot check its claim of \(missing.count == 1 ? "that level" : "those levels")"))
        }
    }

    /// Each reference has a title and an absolute `https` URL.
    static func checkReferences(_ references: [Reference]?, path: String, into problems: inout [ValidationProblem]) {
        var seen: [String: Int] = [:]
        for (index, reference) in (references ?? []).enumerated() {
            let referencePath = path + "[\(index)]"
            if reference.title.trimmingSpaces.isEmpty {
                problems.append(.error(referencePath + ".title", "the reference needs a title"))
            }
            if !isHTTPSURL(reference.url) {
                problems.append(
                    .error(
                        referencePath + ".url",
                        "expected an absolute https URL such as \"https://dora.dev/\", found \(JSONWriter.quoted(reference.url))"
                    ))
            } else if let first = seen[reference.url] {
                problems.append(.warning(referencePath + ".url", "the same URL as references[\(first)]"))
            } else {
                seen[reference.url] = index
            }
        }
    }

    /// `https://`, a host name of dot-separated labels (letters, digits, hyphens), an optional
    /// port, then an optional path, query or fragment without white space or control characters
    /// (C0, DEL, C1). The questionnaire schema's `reference.url` pattern says the same.
    public static func isHTTPSURL(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let scheme = Array("https://".unicodeScalars)
        guard scalars.count > scheme.count, Array(scalars[..<scheme.count]) == scheme else { return false }
        let rest = scalars[scheme.count...]
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[rest.startIndex..<hostEnd]
        if let colon = authority.firstIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ ("0"..."9").contains($0) }) else { return false }
            authority = authority[..<colon]
        }
        let labels = authority.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2,
            labels.allSatisfy({ label in
                !label.isEmpty
                    && label.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                    }
            })
        else { return false }
        return rest[hostEnd...].allSatisfy { scalar in
            !scalar.properties.isWhitespace && scalar.value > 0x1F && !(0x7F...0x9F).contains(scalar.value)
        }
    }

    /// The most points a next action may be sized at (a Fibonacci ceiling: anything larger is
    /// several actions).
    public static let maximumEffort = 13

    /// Effort is keyed like `next` and sized in whole points from 1 to ``maximumEffort``.
    static func checkEffort(_ question: Question, path: String, into problems: inout [ValidationProblem]) {
        guard let effort = question.effort else { return }
        let nextKeys = Set((question.next ?? [:]).keys)
        for key in effort.keys.sorted(by: Self.levelKeyOrder) {
            let keyPath = JSONPath.member(key, of: path)
            if !nextKeys.contains(key) {
                problems.append(
                    .error(
                        keyPath,
                        "unexpected key \"\(key)\": effort sizes a next action, and \"next\" has none for \(key)"))
            }
            if let points = effort[key], !(1...maximumEffort).contains(points) {
                problems.append(.error(keyPath, "expected whole points from 1 to \(maximumEffort), found \(points)"))
            }
        }
    }

    /// Numeric keys in number order, others after them in text order.
    static func levelKeyOrder(_ left: String, _ right: String) -> Bool {
        switch (Int(left), Int(right)) {
        case (let a?, let b?): return a < b
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return left < right
        }
    }

    /// Area names, which group questions in the wizard and the report, are spelt one way:
    /// - two names that differ only in case, spaces or punctuation ("Resource/estate management",
    ///   "resource / estate management") are one area written two ways: a warning at each
    ///   question that uses a later spelling;
    /// - a name only one question uses, within two edits of a name other questions use
    ///   ("Observabilty", "Observability"), is most likely a typo: a warning;
    /// - in a domain where some questions name an area, a question without one falls outside
    ///   every group: a warning.
    /// A name used by one question and like no other is accepted: a small area is allowed.
    static func checkAreas(_ questionnaire: Questionnaire, into problems: inout [ValidationProblem]) {
        var counts: [String: Int] = [:]
        var firstSpelling: [String: (name: String, path: String)] = [:]
        for question in questionnaire.allQuestions {
            if let area = question.area, !area.trimmingSpaces.isEmpty { counts[area, default: 0] += 1 }
        }
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            let namesAreas = domain.questions.contains { !($0.area ?? "").trimmingSpaces.isEmpty }
            for (questionIndex, question) in domain.questions.enumerated() {
                let path = "domains[\(domainIndex)].questions[\(questionIndex)]"
                guard let area = question.area, !area.trimmingSpaces.isEmpty else {
                    if namesAreas, question.area == nil {
                        problems.append(
                            .warning(
                                path + ".area",
                                "the domain's other questions name an area and this one does not; it falls outside every group"
                            ))
                    }
                    continue
                }
                let key = normalizedArea(area)
                if let first = firstSpelling[key] {
                    if first.name != area {
                        problems.append(
                            .warning(
                                path + ".area",
                                "the area \(JSONWriter.quoted(area)) is written differently at \(first.path) "
                                    + "(\(JSONWriter.quoted(first.name))); use one spelling"))
                    }
                    continue
                }
                firstSpelling[key] = (area, path + ".area")
                guard counts[area] == 1 else { continue }
                let lookalike = counts.keys.sorted().first { other in
                    other != area && (counts[other] ?? 0) > 1 && normalizedArea(other) != key
                        && editDistance(key, normalizedArea(other), limit: 2) <= 2
                }
                if let lookalike {
                    problems.append(
                        .warning(
                            path + ".area",
                            "only this question uses the area \(JSONWriter.quoted(area)), which looks like "
                                + "\(JSONWriter.quoted(lookalike)); a typo makes a new area"))
                }
            }
        }
    }

    /// An area name without case, spaces or punctuation.
    static func normalizedArea(_ name: String) -> String {
        String(
            String.UnicodeScalarView(
                name.lowercased().unicodeScalars.filter {
                    $0.properties.isAlphabetic || $0.properties.numericType != nil
                }))
    }

    /// The Levenshtein distance of two strings, or `limit + 1` once it exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            if (current.min() ?? 0) > limit { return limit + 1 }
            previous = current
        }
        return min(previous[b.count], limit + 1)
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
