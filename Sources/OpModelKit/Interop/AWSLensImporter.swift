// Reads an AWS Well-Architected custom lens (schemaVersion 2021-11-01) into a questionnaire of
// `choices` questions (DESIGN §5.1, `opmodel import lens`).
//
// Mapping, lens → questionnaire:
//
//   lens `name`                  → `title`; `id` is the name slugified ("Amazon ECS Lens" →
//                                  `amazon-ecs-lens`, `imported-lens` when nothing is left) unless
//                                  the caller gives one
//   lens `description`           → `description`
//   lens `_version` / `version`  → `version` (a string or a number); `1.0.0` when absent
//   scale (fixed)                → 1 High risk, 2 Medium risk, 3 No risk
//   pillar                       → domain: `id` kept, `name`, optional `description`; weight unset (1)
//   question                     → question with `"kind": "choices"`, `weight` 1: `id` kept,
//                                  `title` → `text`, `description` + question `helpfulResource` /
//                                  `url` → `help`
//   choice                       → choice: `id` kept as it is, `title`; `description` +
//                                  `helpfulResource` + `additionalResources` of type
//                                  HELPFUL_RESOURCE → `help`; `improvementPlan` +
//                                  `additionalResources` of type IMPROVEMENT_PLAN → `improvement`
//                                  (the roadmap step of an unselected choice, DESIGN §4)
//   a choice whose id ends in `_no`, else one titled "None of these"
//                                → the question's `noneChoice` (the first such choice)
//   `riskRules` [{condition, risk}] → `rules` [{when, level}] in the same order (first match wins):
//                                  the lens's own condition text, HIGH_RISK → 1, MEDIUM_RISK → 2,
//                                  NO_RISK → 3; no `default` rule is added when the lens has none
//                                  (an answer no rule matches then has no level: unanswered)
//
// Resources become text: `displayText` followed by ` (url)`; an empty URL is left out, `url`,
// `Url` and `URL` are all read. Text is plain: HTML tags are removed (block tags become line
// breaks, `<li>` a dash), the basic entities (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#39;`
// `&nbsp;`, `&#N;`, `&#xH;`) are decoded, CRLF becomes LF, runs of spaces collapse.
//
// Tolerant reading: unknown members are ignored, member names are matched without regard to case
// when the exact name is absent, a BOM and CRLF line ends are accepted, another `schemaVersion` is
// read with a warning.
//
// Strict reporting, each problem with its JSON path in the lens (`pillars[0].questions[2].riskRules[1]
// .condition`):
//   warnings — no `default` rule; a risk level used by two rules; a condition identical to an
//     earlier one; a condition no selection reaches (questions with up to
//     ``AWSLensImporter/reachabilityChoiceLimit`` choices are searched exhaustively, within
//     ``RuleExpression/exhaustiveSearchBudget`` for the whole lens); a condition
//     naming an unknown choice id (the unknown id is read as never selected and the condition is
//     simplified: a rule that can no longer match is left out, one that always matches becomes
//     `default`); a second none-of-these choice; a choice without an improvement plan;
//   errors (thrown as ``DataError``, exit 65, nothing written) — text that is not JSON, such as a
//     literal `NaN` (``DataError/syntax(file:line:column:message:)``); a condition that does not
//     parse, an unknown risk value, a missing or mistyped required member, and anything that would
//     make the questionnaire fail ``QuestionnaireValidator`` (duplicate question ids, a question
//     without choices or risk rules, …), all thrown together as
//     ``DataError/problems(file:_:)`` with the warnings found so far.

/// Imports AWS Well-Architected custom lenses (schemaVersion 2021-11-01) as questionnaires of
/// `choices` questions scored by the lens's own risk rules. The mapping is described at the top
/// of this file.
public enum AWSLensImporter {
    /// The lens format version this importer is written for.
    public static let schemaVersion = "2021-11-01"

    /// The scale of every imported lens, lowest first.
    public static let scale: [ScaleLevel] = [
        ScaleLevel(level: 1, name: "High risk", description: "The lens's risk rules rate the answer HIGH_RISK."),
        ScaleLevel(level: 2, name: "Medium risk", description: "The lens's risk rules rate the answer MEDIUM_RISK."),
        ScaleLevel(level: 3, name: "No risk", description: "The lens's risk rules rate the answer NO_RISK."),
    ]

    /// The level of each risk value of a lens's `riskRules`.
    public static let riskLevels: [String: Int] = ["HIGH_RISK": 1, "MEDIUM_RISK": 2, "NO_RISK": 3]

    /// The version given to a lens that has none.
    public static let defaultVersion = "1.0.0"

    /// Questions with at most this many choices are searched for rules no selection reaches.
    public static let reachabilityChoiceLimit = 16

    /// Reads the lens in `bytes` (the content of `file`, named in every message).
    ///
    /// - Parameters:
    ///   - bytes: the lens file's content, UTF-8 JSON, with or without a BOM.
    ///   - file: the name used in messages.
    ///   - id: the questionnaire id; the lens name slugified when nil.
    /// - Returns: the questionnaire and the warnings, each with its JSON path in the lens.
    /// - Throws: ``DataError/syntax(file:line:column:message:)`` when the text is not JSON,
    ///   ``DataError/problems(file:_:)`` with every problem (errors and warnings) otherwise.
    public static func importLens(
        bytes: [UInt8], file: String, id: String? = nil
    ) throws -> (questionnaire: Questionnaire, warnings: [ValidationProblem]) {
        try importLens(json: DocumentLoader.parseJSON(bytes, file: file), file: file, id: id)
    }

    /// Reads a lens already parsed as JSON; see ``importLens(bytes:file:id:)``.
    public static func importLens(
        json: JSONValue, file: String, id: String? = nil
    ) throws -> (questionnaire: Questionnaire, warnings: [ValidationProblem]) {
        var reader = LensReader(givenID: id)
        let questionnaire = reader.read(json)
        let validatorProblems = QuestionnaireValidator.problems(questionnaire)
        var problems = reader.problems
        let readerHadErrors = QuestionnaireValidator.hasErrors(problems)
        let errorPaths = problems.filter { $0.severity == .error }.map(\.path)
        let reportedPaths = reader.coveredPaths.union(errorPaths)
        for problem in validatorProblems {
            if readerHadErrors && problem.severity == .warning { continue }
            let path = reader.lensPath(for: problem.path)
            // Already said, or a consequence of an error reported inside that member.
            if reportedPaths.contains(path) { continue }
            if errorPaths.contains(where: { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[") }) { continue }
            problems.append(ValidationProblem(severity: problem.severity, path: path, message: problem.message))
        }
        if QuestionnaireValidator.hasErrors(problems) {
            throw DataError.problems(file: file, problems)
        }
        return (questionnaire, problems)
    }

    /// `text` as plain text: HTML tags removed (block tags become line breaks, list items a dash),
    /// the basic HTML entities decoded, CRLF and CR turned into LF, runs of spaces collapsed,
    /// trimmed.
    public static func plainText(_ text: String) -> String {
        LensText.plain(text)
    }

    /// The questionnaire id made from a lens name: lower-case ASCII letters, digits and dashes
    /// (accents dropped), at most 64 characters; `imported-lens` when nothing is left.
    public static func slug(_ name: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in name.unicodeScalars {
            let folded = Workspace.fold(scalar)
            if folded.isEmpty {
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug += "-" }
            pendingDash = false
            slug += folded
        }
        if slug.count > 64 {
            slug = String(slug.prefix(64))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug.isEmpty ? "imported-lens" : slug
    }

    /// The choice that stands for "None of these" among `choices` (id and title as in the lens):
    /// the first whose id ends in `_no`, else the first titled "None of these"; nil when none.
    public static func noneChoiceIndex(of choices: [(id: String, title: String)]) -> Int? {
        if let index = choices.firstIndex(where: { $0.id.hasSuffix("_no") }) { return index }
        return choices.firstIndex { $0.title.trimmingSpaces.lowercased() == "none of these" }
    }
}

// MARK: - Reading

/// Walks the lens JSON, collecting problems with their lens paths and remembering how the
/// questionnaire's positions map back to the lens's.
private struct LensReader {
    let givenID: String?
    var problems: [ValidationProblem] = []
    /// Paths where the reader made the checks the validator also makes (default rule, identical
    /// and unreachable conditions), so that the validator's own words are not repeated.
    var coveredPaths: Set<String> = []
    /// The lens member the version came from, if any.
    var versionPath: String?
    /// Per domain, per question: the lens `riskRules` index of each imported rule.
    var ruleOrigins: [[[Int]]] = []
    /// Per domain, per question: the index of the none-of-these choice.
    var noneIndices: [[Int?]] = []
    /// What is left of the lens's budget for searching every selection of choices.
    var searchBudget = RuleExpression.exhaustiveSearchBudget

    init(givenID: String?) {
        self.givenID = givenID
    }

    mutating func read(_ json: JSONValue) -> Questionnaire {
        guard let lens = json.objectValue else {
            problems.append(.error("$", "expected a lens object with \"pillars\", found \(json.kindDescription)"))
            return Questionnaire(
                id: givenID ?? "imported-lens", version: AWSLensImporter.defaultVersion, title: "",
                scale: AWSLensImporter.scale, domains: [])
        }
        readSchemaVersion(lens)
        let name = requiredText(lens, "name", at: "$", what: "the lens") ?? ""
        let description = optionalText(lens, "description", at: "$")
        let version = readVersion(lens)
        var domains: [Domain] = []
        if let pillars = requiredArray(lens, "pillars", at: "$", what: "the lens") {
            for (index, pillar) in pillars.values.enumerated() {
                domains.append(readPillar(pillar, path: JSONPath.index(index, of: pillars.path)))
            }
        }
        return Questionnaire(
            id: givenID ?? AWSLensImporter.slug(name), version: version, title: name,
            description: description, scale: AWSLensImporter.scale, domains: domains)
    }

    mutating func readSchemaVersion(_ lens: JSONObject) {
        guard let (key, value) = LensJSON.member(lens, "schemaVersion") else {
            problems.append(
                .warning(
                    "schemaVersion",
                    "missing; the lens is read as schemaVersion \(AWSLensImporter.schemaVersion)"))
            return
        }
        let found = value.stringValue?.trimmingSpaces
        if found != AWSLensImporter.schemaVersion {
            problems.append(
                .warning(
                    JSONPath.member(key, of: "$"),
                    "expected \"\(AWSLensImporter.schemaVersion)\", found \(value.kindDescription); "
                        + "the lens is read as schemaVersion \(AWSLensImporter.schemaVersion)"))
        }
    }

    mutating func readVersion(_ lens: JSONObject) -> String {
        for name in ["_version", "version"] {
            guard let (key, value) = LensJSON.member(lens, name) else { continue }
            let path = JSONPath.member(key, of: "$")
            let text: String?
            switch value {
            case .string(let string): text = string.trimmingSpaces
            case .number(let number): text = JSONWriter.format(number: number)
            default: text = nil
            }
            if let text, !text.isEmpty {
                versionPath = path
                return text
            }
            problems.append(
                .warning(
                    path,
                    "expected a version such as \"1.0.0\", found \(value.kindDescription); "
                        + "\"\(AWSLensImporter.defaultVersion)\" is used"))
        }
        return AWSLensImporter.defaultVersion
    }

    mutating func readPillar(_ value: JSONValue, path: String) -> Domain {
        ruleOrigins.append([])
        noneIndices.append([])
        guard let pillar = value.objectValue else {
            problems.append(.error(path, "expected a pillar object, found \(value.kindDescription)"))
            return Domain(id: "", name: "", questions: [])
        }
        let id = requiredIdentifier(pillar, "id", at: path, what: "the pillar") ?? ""
        let name = requiredText(pillar, "name", at: path, what: "the pillar") ?? ""
        let description = optionalText(pillar, "description", at: path)
        var questions: [Question] = []
        if let list = requiredArray(pillar, "questions", at: path, what: "the pillar") {
            for (index, question) in list.values.enumerated() {
                questions.append(readQuestion(question, path: JSONPath.index(index, of: list.path)))
            }
        }
        return Domain(id: id, name: name, description: description, questions: questions)
    }

    mutating func readQuestion(_ value: JSONValue, path: String) -> Question {
        guard let object = value.objectValue else {
            problems.append(.error(path, "expected a question object, found \(value.kindDescription)"))
            record(origins: [], none: nil)
            return Question(id: "", text: "")
        }
        let id = requiredIdentifier(object, "id", at: path, what: "the question") ?? ""
        let text = requiredText(object, "title", at: path, what: "the question") ?? ""
        var helpParts: [String] = []
        if let description = optionalText(object, "description", at: path) { helpParts.append(description) }
        if let resource = resourceText(object, "helpfulResource", at: path) { helpParts.append(resource) }
        if let (key, url) = LensJSON.member(object, "url"),
            let link = urlText(url, path: JSONPath.member(key, of: path))
        {
            helpParts.append(link)
        }
        var question = Question(
            id: id, text: text, help: helpParts.isEmpty ? nil : helpParts.joined(separator: "\n\n"), weight: 1)
        question.kind = .choices

        var choices: [Choice] = []
        var choicesPath = JSONPath.member("choices", of: path)
        if let list = requiredArray(object, "choices", at: path, what: "the question") {
            choicesPath = list.path
            for (index, choice) in list.values.enumerated() {
                choices.append(readChoice(choice, path: JSONPath.index(index, of: list.path)))
            }
        }
        question.choices = choices
        let none = noneChoice(choices, choicesPath: choicesPath)
        if let none {
            question.noneChoice = choices[none].id
        }
        for (index, choice) in choices.enumerated() where index != none && choice.improvement == nil {
            if choice.id.isEmpty { continue }
            problems.append(
                .warning(
                    JSONPath.index(index, of: choicesPath),
                    "the choice \"\(choice.id)\" has no improvementPlan; its roadmap step will read "
                        + "\"Put in place: \(choice.title)\""))
        }
        let (rules, origins) = readRules(object, path: path, choices: choices)
        question.rules = rules
        record(origins: origins, none: none)
        return question
    }

    mutating func record(origins: [Int], none: Int?) {
        guard !ruleOrigins.isEmpty else { return }
        ruleOrigins[ruleOrigins.count - 1].append(origins)
        noneIndices[noneIndices.count - 1].append(none)
    }

    /// The index of the none-of-these choice, warning about any further candidate.
    mutating func noneChoice(_ choices: [Choice], choicesPath: String) -> Int? {
        guard let none = AWSLensImporter.noneChoiceIndex(of: choices.map { ($0.id, $0.title) }) else {
            return nil
        }
        for (index, choice) in choices.enumerated() where index != none {
            let isCandidate = choice.id.hasSuffix("_no") || choice.title.lowercased() == "none of these"
            if isCandidate {
                problems.append(
                    .warning(
                        JSONPath.index(index, of: choicesPath) + ".id",
                        "another \"None of these\" choice; only choices[\(none)] (\"\(choices[none].id)\") "
                            + "is the question's noneChoice"))
            }
        }
        return none
    }

    mutating func readChoice(_ value: JSONValue, path: String) -> Choice {
        guard let object = value.objectValue else {
            problems.append(.error(path, "expected a choice object, found \(value.kindDescription)"))
            return Choice(id: "", title: "")
        }
        let id = requiredIdentifier(object, "id", at: path, what: "the choice") ?? ""
        let title = requiredText(object, "title", at: path, what: "the choice") ?? ""
        var help: [String] = []
        var improvement: [String] = []
        if let description = optionalText(object, "description", at: path) { help.append(description) }
        if let text = resourceText(object, "helpfulResource", at: path) { help.append(text) }
        if let text = resourceText(object, "improvementPlan", at: path) { improvement.append(text) }
        if let (key, value) = LensJSON.member(object, "additionalResources") {
            let additional = readAdditionalResources(value, path: JSONPath.member(key, of: path))
            help += additional.help
            improvement += additional.improvement
        }
        return Choice(
            id: id, title: title, help: help.isEmpty ? nil : help.joined(separator: "\n\n"),
            improvement: improvement.isEmpty ? nil : improvement.joined(separator: "\n\n"))
    }

    /// `additionalResources: [{type, content: [{displayText, url}]}]`, as "More: …" lines.
    mutating func readAdditionalResources(
        _ value: JSONValue, path: String
    ) -> (help: [String], improvement: [String]) {
        guard let list = value.arrayValue else {
            problems.append(.warning(path, "expected an array, found \(value.kindDescription); it is ignored"))
            return ([], [])
        }
        var help: [String] = []
        var improvement: [String] = []
        for (index, element) in list.enumerated() {
            let elementPath = JSONPath.index(index, of: path)
            guard let object = element.objectValue else {
                problems.append(
                    .warning(elementPath, "expected an object, found \(element.kindDescription); it is ignored"))
                continue
            }
            let type = LensJSON.member(object, "type")?.value.stringValue?.trimmingSpaces.uppercased()
            var texts: [String] = []
            if let (key, content) = LensJSON.member(object, "content") {
                let contentPath = JSONPath.member(key, of: elementPath)
                let items = content.arrayValue ?? [content]
                for (itemIndex, item) in items.enumerated() {
                    let itemPath = content.arrayValue == nil ? contentPath : JSONPath.index(itemIndex, of: contentPath)
                    if let text = resource(item, path: itemPath) { texts.append(text) }
                }
            }
            guard !texts.isEmpty else { continue }
            let line = "More: " + texts.joined(separator: "; ")
            switch type {
            case "HELPFUL_RESOURCE": help.append(line)
            case "IMPROVEMENT_PLAN": improvement.append(line)
            default:
                problems.append(
                    .warning(
                        JSONPath.member("type", of: elementPath),
                        "expected HELPFUL_RESOURCE or IMPROVEMENT_PLAN; the resource is ignored"))
            }
        }
        return (help, improvement)
    }

    // MARK: Risk rules

    mutating func readRules(
        _ question: JSONObject, path: String, choices: [Choice]
    ) -> (rules: [Rule], origins: [Int]) {
        guard let list = requiredArray(question, "riskRules", at: path, what: "the question") else {
            return ([], [])
        }
        let rulesPath = list.path
        if list.values.isEmpty {
            problems.append(.error(rulesPath, "a question needs risk rules that turn its choices into a risk"))
            return ([], [])
        }
        let knownIDs = Set(choices.map(\.id))
        var rules: [Rule] = []
        var origins: [Int] = []
        var expressions: [RuleExpression] = []
        var allParsed = true
        var hasDefault = false
        var riskSeen: [Int: Int] = [:]
        var conditionSeen: [String: Int] = [:]
        var identical: Set<Int> = []
        for (index, element) in list.values.enumerated() {
            let rulePath = JSONPath.index(index, of: rulesPath)
            guard let rule = element.objectValue else {
                problems.append(.error(rulePath, "expected a risk rule object, found \(element.kindDescription)"))
                allParsed = false
                continue
            }
            let level = readRisk(rule, path: rulePath)
            if let level {
                if let first = riskSeen[level] {
                    problems.append(
                        .warning(
                            riskPath(rule, rulePath),
                            "the risk \(Self.riskName(level)) is already given by riskRules[\(first)]; "
                                + "a lens has one rule per risk level"))
                } else {
                    riskSeen[level] = index
                }
            }
            guard let (conditionKey, conditionValue) = LensJSON.member(rule, "condition") else {
                problems.append(.error(rulePath, "missing required member \"condition\""))
                allParsed = false
                continue
            }
            let conditionPath = JSONPath.member(conditionKey, of: rulePath)
            guard var condition = conditionValue.stringValue?.trimmingSpaces else {
                problems.append(
                    .error(conditionPath, "expected a condition string, found \(conditionValue.kindDescription)"))
                allParsed = false
                continue
            }
            if condition.lowercased() == "default" { condition = "default" }
            let expression: RuleExpression
            do {
                expression = try RuleExpression.parse(condition)
            } catch {
                problems.append(.error(conditionPath, "the condition \"\(condition)\" does not parse: \(error)"))
                allParsed = false
                continue
            }
            let normalized = condition.filter { !$0.isWhitespace }
            if let first = conditionSeen[normalized] {
                problems.append(
                    .warning(conditionPath, "the same condition as riskRules[\(first)]; this rule is never used"))
                coveredPaths.insert(conditionPath)
                identical.insert(index)
            } else {
                conditionSeen[normalized] = index
            }
            if expression == .always { hasDefault = true }
            guard let level else {
                allParsed = false
                continue
            }
            var imported = (when: condition, expression: expression)
            let unknown = Self.unique(expression.choiceIDs.filter { !knownIDs.contains($0) })
            if !unknown.isEmpty {
                guard let replaced = simplify(expression, unknown: unknown, known: choices, path: conditionPath)
                else { continue }
                imported = replaced
            }
            if imported.expression == .always { hasDefault = true }
            rules.append(Rule(when: imported.when, level: level))
            origins.append(index)
            expressions.append(imported.expression)
        }
        if !hasDefault && allParsed {
            coveredPaths.insert(rulesPath)
            problems.append(
                .warning(
                    rulesPath,
                    "no \"default\" rule: a selection that no rule matches gets no risk level, and the question "
                        + "stays unanswered"))
        }
        if allParsed {
            checkReachability(
                expressions, origins: origins, identical: identical, choices: choices, rulesPath: rulesPath,
                rules: list.values)
        }
        return (rules, origins)
    }

    /// The level of a rule's `risk`, reporting a missing or unknown one.
    mutating func readRisk(_ rule: JSONObject, path: String) -> Int? {
        guard let (key, value) = LensJSON.member(rule, "risk") else {
            problems.append(.error(path, "missing required member \"risk\" (HIGH_RISK, MEDIUM_RISK or NO_RISK)"))
            return nil
        }
        let riskPath = JSONPath.member(key, of: path)
        guard let text = value.stringValue else {
            problems.append(
                .error(riskPath, "expected HIGH_RISK, MEDIUM_RISK or NO_RISK, found \(value.kindDescription)"))
            return nil
        }
        guard let level = AWSLensImporter.riskLevels[text.trimmingSpaces.uppercased()] else {
            problems.append(
                .error(riskPath, "expected HIGH_RISK, MEDIUM_RISK or NO_RISK, found \(value.kindDescription)"))
            return nil
        }
        return level
    }

    func riskPath(_ rule: JSONObject, _ rulePath: String) -> String {
        JSONPath.member(LensJSON.member(rule, "risk")?.key ?? "risk", of: rulePath)
    }

    static func riskName(_ level: Int) -> String {
        AWSLensImporter.riskLevels.first { $0.value == level }?.key ?? String(level)
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// The condition with `unknown` ids read as never selected, or nil when the rule can no
    /// longer match; each case reported.
    mutating func simplify(
        _ expression: RuleExpression, unknown: [String], known: [Choice], path: String
    ) -> (when: String, expression: RuleExpression)? {
        let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
        let choiceList = known.map(\.id).joined(separator: ", ")
        let prefix =
            "unknown choice\(unknown.count == 1 ? "" : "s") \(names) in the condition (the question's choices are "
            + "\(choiceList.isEmpty ? "none" : choiceList)); read as never selected"
        switch LensCondition.fold(expression, known: Set(known.map(\.id))) {
        case .constant(false):
            problems.append(.warning(path, prefix + ", so the rule can never match and is left out"))
            return nil
        case .constant(true):
            problems.append(.warning(path, prefix + ", so the rule always matches and is imported as \"default\""))
            return ("default", .always)
        case .expression(let simplified):
            let text = LensCondition.text(of: simplified)
            problems.append(.warning(path, prefix + ", so the rule is imported as \"\(text)\""))
            return (text, simplified)
        }
    }

    /// Warns about rules that no selection of choices reaches.
    mutating func checkReachability(
        _ expressions: [RuleExpression], origins: [Int], identical: Set<Int>, choices: [Choice],
        rulesPath: String, rules: [JSONValue]
    ) {
        let ids = Self.unique(choices.map(\.id))
        guard !expressions.isEmpty, ids.count <= AWSLensImporter.reachabilityChoiceLimit,
            let cost = RuleExpression.exhaustiveSearchCost(choiceCount: ids.count, expressions: expressions),
            cost <= searchBudget
        else { return }
        searchBudget -= cost
        var reachable = [Bool](repeating: false, count: expressions.count)
        var remaining = expressions.count
        for mask in 0..<(1 << ids.count) {
            var selected: Set<String> = []
            for (bit, id) in ids.enumerated() where mask & (1 << bit) != 0 { selected.insert(id) }
            if let first = expressions.firstIndex(where: { $0.evaluate(selected: selected) }), !reachable[first] {
                reachable[first] = true
                remaining -= 1
                if remaining == 0 { break }
            }
        }
        for (index, isReachable) in reachable.enumerated() where !isReachable {
            let origin = origins[index]
            if identical.contains(origin) { continue }
            // A closing `default` that earlier rules make unneeded is a safety net, not a mistake.
            if expressions[index] == .always, index == expressions.count - 1 { continue }
            let key = rules[origin].objectValue.flatMap { LensJSON.member($0, "condition")?.key } ?? "condition"
            let path = JSONPath.member(key, of: JSONPath.index(origin, of: rulesPath))
            coveredPaths.insert(path)
            problems.append(
                .warning(path, "no selection of choices reaches this rule; earlier rules always match first"))
        }
    }

    // MARK: Members

    /// A required array member, reporting a missing or mistyped one.
    mutating func requiredArray(
        _ object: JSONObject, _ name: String, at path: String, what: String
    ) -> (values: [JSONValue], path: String)? {
        guard let (key, value) = LensJSON.member(object, name) else {
            problems.append(.error(JSONPath.member(name, of: path), "missing: \(what) needs \"\(name)\""))
            return nil
        }
        let memberPath = JSONPath.member(key, of: path)
        guard let values = value.arrayValue else {
            problems.append(.error(memberPath, "expected an array, found \(value.kindDescription)"))
            return nil
        }
        return (values, memberPath)
    }

    /// A required id, kept exactly as it is (only surrounding spaces are trimmed).
    mutating func requiredIdentifier(
        _ object: JSONObject, _ name: String, at path: String, what: String
    ) -> String? {
        requiredString(object, name, at: path, what: what) { $0.trimmingSpaces }
    }

    /// A required text, made plain.
    mutating func requiredText(_ object: JSONObject, _ name: String, at path: String, what: String) -> String? {
        requiredString(object, name, at: path, what: what, transform: LensText.plain)
    }

    mutating func requiredString(
        _ object: JSONObject, _ name: String, at path: String, what: String, transform: (String) -> String
    ) -> String? {
        guard let (key, value) = LensJSON.member(object, name) else {
            problems.append(.error(JSONPath.member(name, of: path), "missing: \(what) needs \"\(name)\""))
            return nil
        }
        let memberPath = JSONPath.member(key, of: path)
        guard let text = value.stringValue else {
            problems.append(.error(memberPath, "expected a string, found \(value.kindDescription)"))
            return nil
        }
        let result = transform(text)
        if result.isEmpty {
            problems.append(.error(memberPath, "\(what) needs a non-empty \"\(name)\""))
            return nil
        }
        return result
    }

    /// An optional text, made plain; nil when absent or empty. A wrong type is a warning.
    mutating func optionalText(_ object: JSONObject, _ name: String, at path: String) -> String? {
        guard let (key, value) = LensJSON.member(object, name), !value.isNull else { return nil }
        guard let text = value.stringValue else {
            problems.append(
                .warning(
                    JSONPath.member(key, of: path), "expected a string, found \(value.kindDescription); it is ignored"))
            return nil
        }
        let plain = LensText.plain(text)
        return plain.isEmpty ? nil : plain
    }

    /// The text of a `{displayText, url}` member.
    mutating func resourceText(_ object: JSONObject, _ name: String, at path: String) -> String? {
        guard let (key, value) = LensJSON.member(object, name) else { return nil }
        return resource(value, path: JSONPath.member(key, of: path))
    }

    /// `displayText (url)`; a bare string is read as the display text.
    mutating func resource(_ value: JSONValue, path: String) -> String? {
        switch value {
        case .null:
            return nil
        case .string(let text):
            let plain = LensText.plain(text)
            return plain.isEmpty ? nil : plain
        case .object(let object):
            let text = optionalText(object, "displayText", at: path)
            var link: String?
            if let (key, url) = LensJSON.member(object, "url") {
                link = urlText(url, path: JSONPath.member(key, of: path))
            }
            switch (text, link) {
            case (let text?, let link?): return text.contains(link) ? text : "\(text) (\(link))"
            case (let text?, nil): return text
            case (nil, let link?): return link
            case (nil, nil): return nil
            }
        default:
            problems.append(
                .warning(path, "expected an object with displayText and url, found \(value.kindDescription)"))
            return nil
        }
    }

    /// A URL, nil when empty; a wrong type is a warning.
    mutating func urlText(_ value: JSONValue, path: String) -> String? {
        if value.isNull { return nil }
        guard let text = value.stringValue else {
            problems.append(.warning(path, "expected a URL string, found \(value.kindDescription); it is ignored"))
            return nil
        }
        let url = text.trimmingSpaces
        return url.isEmpty ? nil : url
    }

    // MARK: Paths

    /// The lens path of a path in the imported questionnaire, such as
    /// `domains[0].questions[2].rules[1].when` → `pillars[0].questions[2].riskRules[1].condition`.
    func lensPath(for path: String) -> String {
        guard let components = LensPathComponent.parse(path) else { return path }
        var result = "$"
        var domain: Int?
        var question: Int?
        var context = "root"
        var iterator = components.makeIterator()
        while let component = iterator.next() {
            switch (context, component) {
            case ("root", .member("domains")):
                result = JSONPath.member("pillars", of: result)
                context = "domains"
            case ("root", .member("title")):
                result = JSONPath.member("name", of: result)
            case ("root", .member("id")):
                result = JSONPath.member(givenID == nil ? "name" : "id", of: result)
            case ("root", .member("version")):
                result = versionPath ?? "$"
            case ("domains", .index(let index)):
                result = JSONPath.index(index, of: result)
                domain = index
                context = "domain"
            case ("domain", .member("questions")):
                result = JSONPath.member("questions", of: result)
                context = "questions"
            case ("questions", .index(let index)):
                result = JSONPath.index(index, of: result)
                question = index
                context = "question"
            case ("question", .member("text")):
                result = JSONPath.member("title", of: result)
            case ("question", .member("help")):
                result = JSONPath.member("description", of: result)
            case ("question", .member("noneChoice")):
                if let domain, let question, let none = noneIndices[safe: domain]?[safe: question] ?? nil {
                    result = JSONPath.member("choices", of: result) + "[\(none)].id"
                } else {
                    result = JSONPath.member("choices", of: result)
                }
            case ("question", .member("choices")):
                result = JSONPath.member("choices", of: result)
                context = "choices"
            case ("choices", .index(let index)):
                result = JSONPath.index(index, of: result)
                context = "choice"
            case ("choice", .member("help")):
                result = JSONPath.member("helpfulResource", of: result)
            case ("choice", .member("improvement")):
                result = JSONPath.member("improvementPlan", of: result)
            case ("question", .member("rules")):
                result = JSONPath.member("riskRules", of: result)
                context = "rules"
            case ("rules", .index(let index)):
                var origin = index
                if let domain, let question, let mapped = ruleOrigins[safe: domain]?[safe: question]?[safe: index] {
                    origin = mapped
                }
                result = JSONPath.index(origin, of: result)
                context = "rule"
            case ("rule", .member("when")):
                result = JSONPath.member("condition", of: result)
            case ("rule", .member("level")):
                result = JSONPath.member("risk", of: result)
            case (_, .member(let name)):
                result = JSONPath.member(name, of: result)
                context = "other"
            case (_, .index(let index)):
                result = JSONPath.index(index, of: result)
                context = "other"
            }
        }
        return result
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

// MARK: - JSON members

private enum LensJSON {
    /// The member `name`, or else the first (by sorted name) whose name matches without regard
    /// to case, such as `Url` for `url`.
    static func member(_ object: JSONObject, _ name: String) -> (key: String, value: JSONValue)? {
        if let value = object[name] { return (name, value) }
        let lowered = name.lowercased()
        for key in object.keys.sorted() where key.lowercased() == lowered {
            if let value = object[key] { return (key, value) }
        }
        return nil
    }
}

/// One step of a JSON path as the validator writes it.
private enum LensPathComponent: Equatable {
    case member(String)
    case index(Int)

    /// The steps of `domains[0].questions[1].rules[2].when`; nil for a path with quoted members.
    static func parse(_ path: String) -> [LensPathComponent]? {
        if path == "$" { return [] }
        var result: [LensPathComponent] = []
        var name = ""
        var characters = Array(path)[...]
        while let character = characters.popFirst() {
            switch character {
            case ".":
                if !name.isEmpty { result.append(.member(name)) }
                name = ""
            case "[":
                if !name.isEmpty { result.append(.member(name)) }
                name = ""
                var digits = ""
                while let next = characters.popFirst(), next != "]" { digits.append(next) }
                guard let index = Int(digits) else { return nil }
                result.append(.index(index))
            default:
                name.append(character)
            }
        }
        if !name.isEmpty { result.append(.member(name)) }
        return result
    }
}

// MARK: - Conditions

/// Simplifying and writing back rule conditions.
private enum LensCondition {
    enum Folded: Equatable {
        case constant(Bool)
        case expression(RuleExpression)
    }

    /// The condition with every id outside `known` read as false, simplified.
    static func fold(_ expression: RuleExpression, known: Set<String>) -> Folded {
        switch expression {
        case .always:
            return .constant(true)
        case .choice(let id):
            return known.contains(id) ? .expression(expression) : .constant(false)
        case .not(let operand):
            switch fold(operand, known: known) {
            case .constant(let value): return .constant(!value)
            case .expression(let inner): return .expression(.not(inner))
            }
        case .and(let operands):
            return combine(operands, known: known, absorbing: false) { .and($0) }
        case .or(let operands):
            return combine(operands, known: known, absorbing: true) { .or($0) }
        }
    }

    /// The operands of an `&&` (`absorbing` false) or `||` (true) run folded: an operand equal
    /// to `absorbing` decides the run, the other constant drops out, and a run of the same
    /// operator inside is spliced in.
    private static func combine(
        _ operands: [RuleExpression], known: Set<String>, absorbing: Bool,
        _ make: ([RuleExpression]) -> RuleExpression
    ) -> Folded {
        var kept: [RuleExpression] = []
        for operand in operands {
            switch fold(operand, known: known) {
            case .constant(let value):
                if value == absorbing { return .constant(absorbing) }
            case .expression(let inner):
                switch (inner, absorbing) {
                case (.and(let inside), false), (.or(let inside), true): kept += inside
                default: kept.append(inner)
                }
            }
        }
        switch kept.count {
        case 0: return .constant(!absorbing)
        case 1: return .expression(kept[0])
        default: return .expression(make(kept))
        }
    }

    /// The condition as text, with the parentheses its structure needs.
    static func text(of expression: RuleExpression) -> String {
        render(expression, context: 0)
    }

    /// Binding strength: `||` 1, `&&` 2, `!` 3, an id 4.
    private static func strength(_ expression: RuleExpression) -> Int {
        switch expression {
        case .or: return 1
        case .and: return 2
        case .not: return 3
        case .choice, .always: return 4
        }
    }

    private static func render(_ expression: RuleExpression, context: Int) -> String {
        let text: String
        switch expression {
        case .always: text = "default"
        case .choice(let id): text = id
        case .not(let operand): text = "!" + render(operand, context: 3)
        case .and(let operands): text = operands.map { render($0, context: 3) }.joined(separator: " && ")
        case .or(let operands): text = operands.map { render($0, context: 2) }.joined(separator: " || ")
        }
        return strength(expression) < context ? "(\(text))" : text
    }
}

// MARK: - Text

/// HTML-ish lens text to plain text.
private enum LensText {
    static let blockTags: Set<String> = [
        "br", "p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    ]

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
    ]

    static func plain(_ text: String) -> String {
        let characters = Array(text.replacingLineEnds())
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "<", let (end, name, closing) = tag(in: characters, at: index) {
                if name == "li" {
                    if !closing { output += "\n- " }
                } else if blockTags.contains(name) {
                    output += "\n"
                } else if name == "td" || name == "th" {
                    output += " "
                }
                index = end + 1
                continue
            }
            if character == "&", let (end, decoded) = entity(in: characters, at: index) {
                output += decoded
                index = end + 1
                continue
            }
            output.append(character)
            index += 1
        }
        return tidy(Array(output))
    }

    /// The end index, lower-cased name and closing-ness of the tag starting at `start`, if one does.
    static func tag(in characters: [Character], at start: Int) -> (end: Int, name: String, closing: Bool)? {
        var index = start + 1
        guard index < characters.count else { return nil }
        if characters[index] == "!" {
            // A comment or a doctype.
            guard let end = characters[index...].firstIndex(of: ">") else { return nil }
            return (end, "!", false)
        }
        let closing = characters[index] == "/"
        if closing { index += 1 }
        guard index < characters.count, characters[index].isASCII, characters[index].isLetter else { return nil }
        var name = ""
        while index < characters.count, characters[index].isASCII,
            characters[index].isLetter || characters[index].isNumber
        {
            name.append(characters[index])
            index += 1
        }
        guard index < characters.count else { return nil }
        let next = characters[index]
        guard next == ">" || next == "/" || next.isWhitespace else { return nil }
        var quote: Character?
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                return (index, name.lowercased(), closing)
            } else if character == "<" {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// The end index and the text of the entity starting at `start`, if it is one we decode.
    static func entity(in characters: [Character], at start: Int) -> (end: Int, text: String)? {
        var index = start + 1
        var name = ""
        while index < characters.count, index - start <= 10, characters[index] != ";" {
            name.append(characters[index])
            index += 1
        }
        guard index < characters.count, characters[index] == ";", !name.isEmpty else { return nil }
        if let text = entities[name.lowercased()] { return (index, text) }
        guard name.hasPrefix("#") else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (index, String(Character(scalar)))
    }

    /// Collapses runs of spaces, trims every line, keeps at most one empty line in a row.
    static func tidy(_ characters: [Character]) -> String {
        var lines: [String] = []
        var line = ""
        var pendingSpace = false
        for character in characters {
            if character == "\n" {
                lines.append(line)
                line = ""
                pendingSpace = false
            } else if character.isWhitespace {
                pendingSpace = !line.isEmpty
            } else {
                if pendingSpace { line.append(" ") }
                pendingSpace = false
                line.append(character)
            }
        }
        lines.append(line)
        var result: [String] = []
        for line in lines {
            if line.isEmpty && (result.last?.isEmpty ?? true) { continue }
            result.append(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }
}

extension String {
    /// The text with CRLF and lone CR turned into LF.
    fileprivate func replacingLineEnds() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previousCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
