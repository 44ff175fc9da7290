import Foundation
import OpModelTestSupport

@testable import OpModelKit

/// Text people type that has broken tools before: Markdown and template syntax, HTML, control
/// characters, emoji, right-to-left and combining characters, path tricks.
enum NastyText {
    static let samples: [String] = [
        "**bold** _under_ `code` ~~strike~~",
        "| a | b |",
        "<script>alert(1)</script> <b>bold</b> &amp; &lt;",
        "{{team}} {{{raw}}} {{#x}}{{/x}} {{>partial}} {{! comment}}",
        "# heading",
        "- list item",
        "1. ordered",
        "> quote",
        "[link](https://example.com) ![image](x.png)",
        "https://example.com/a_b*c",
        "line one\nline two\r\nline three",
        "tab\there",
        "\u{0}\u{1}\u{7}\u{1B}[31mred\u{1B}[0m",
        "שלום עולם",
        "مرحبا بالعالم",
        "\u{202E}evil override\u{202C}",
        "e\u{301}\u{302}\u{303}",
        "👩🏽‍💻 🇫🇷 🏳️‍🌈",
        "../../etc/passwd",
        "/absolute/path",
        ".hidden",
        "\\ backslash \\",
        "=SUM(A1:A9)",
        "",
        " ",
        String(repeating: "x", count: 5_000),
    ]
}

/// Builders for complete documents over any questionnaire.
enum FuzzDocuments {
    /// The repository's questionnaire folder.
    static var questionnaireFolder: String { Fixtures.packageRoot.appendingPathComponent("Questionnaires").path }

    /// The shipped roadmap template.
    static var roadmapTemplate: String {
        let path = Fixtures.packageRoot.appendingPathComponent("Templates/roadmap.md").path
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// An assessment of `questionnaire` with every phase filled: two participants with votes,
    /// notes full of nasty text, one not-applicable answer per domain, targets for every
    /// domain, an outcome with KPIs, owners and pinned quarters, reflections.
    static func fullAssessment(for questionnaire: Questionnaire, seed: UInt64 = 1) -> Assessment {
        var random = SplitMix64(seed: seed)
        let period = Period("2026-Q4") ?? .earliest
        var assessment = Assessment(
            id: "fuzz", organization: "Acme | *Corp*", team: "Platform 👩🏽‍💻 שלום", period: period,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version),
            createdAt: "2026-11-01T09:00:00Z")
        assessment.facilitator = "Dana <Lee>"
        assessment.participants = [
            Participant(id: "p1", name: "Ana e\u{301} Silva", role: "CTO | lead"),
            Participant(id: "p2", name: "مرحبا Ben", role: nil),
        ]
        assessment.phase = .complete
        let levels = questionnaire.scale.map(\.level)
        var answers: [String: Answer] = [:]
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            for (questionIndex, question) in domain.questions.enumerated() {
                let note = random.chance(1, in: 2) ? random.pick(NastyText.samples) : nil
                if questionIndex == 1 && domainIndex % 2 == 0 {
                    answers[question.id] = .notApplicable(reason: "out of scope: " + random.pick(NastyText.samples))
                    continue
                }
                if question.effectiveKind == .choices, let choices = question.choices {
                    let chosen = choices.prefix(random.below(choices.count + 1)).map(\.id)
                    answers[question.id] = Answer(note: note, choices: chosen)
                    continue
                }
                guard !levels.isEmpty else { continue }
                let first = random.pick(levels)
                let second = random.pick(levels)
                answers[question.id] = Answer(
                    level: min(first, second), note: note, votes: ["p1": first, "p2": second])
            }
        }
        answers["ZZ-ORPHAN"] = .level(levels.first ?? 1, note: "an orphaned answer")
        assessment.discover = Discover(
            answers: answers, constraints: ["Hiring freeze | *2027*"], upskilling: ["Kubernetes <ops>"])
        var targets: [String: Int] = [:]
        for domain in questionnaire.domains { targets[domain.id] = levels.max() ?? 1 }
        assessment.build = Build(targets: targets, topology: .federated, endState: random.pick(NastyText.samples))
        var kpis: [OutcomeKPI] = questionnaire.kpis.prefix(2).map { definition in
            OutcomeKPI(
                id: definition.id, name: definition.name, unit: definition.unit, direction: definition.direction,
                baseline: 240, target: 60, due: Period("2027-Q4"), current: 200)
        }
        kpis.append(
            OutcomeKPI(
                id: "custom", name: "Trust | score", unit: "points", direction: .higher, baseline: 3.5, target: 4.5,
                due: Period("2027-Q2"), current: 3.75))
        assessment.envision = Envision(
            vision: "Ship *weekly* on a platform | teams trust", drivers: ["Time to market", "{{team}}"],
            outcomes: [Outcome(id: "o1", title: "Faster recovery <fast>", kpis: kpis)])
        var decisions: [String: StepDecision] = [:]
        if let question = questionnaire.allQuestions.first, let low = levels.min() {
            decisions["\(question.id)@\(low + 1)"] = StepDecision(owner: "Ana | owner", quarter: Period("2027-Q1"))
        }
        assessment.deliver = Deliver(
            startPeriod: Period("2027-Q1"), horizonQuarters: 4, capacityPerQuarter: 3, decisions: decisions)
        assessment.improve = Improve(
            previous: nil, reflections: "We argued *longest* about on-call.", reviewCadence: "monthly",
            nextAssessment: Period("2027-Q1"))
        return assessment
    }
}

/// Seeded generators of deep inputs around the nesting limits, each with what it must give.
enum DeepNesting {
    /// A random condition tree, kept apart from ``RuleExpression`` so that it can judge it.
    indirect enum Condition {
        case choice(String)
        case not(Condition)
        case and([Condition])
        case or([Condition])
        /// The same condition in parentheses the text does not need.
        case group(Condition)

        /// Whether the condition holds for `selected`.
        func holds(_ selected: Set<String>) -> Bool {
            switch self {
            case .choice(let id): return selected.contains(id)
            case .not(let operand): return !operand.holds(selected)
            case .and(let operands): return operands.allSatisfy { $0.holds(selected) }
            case .or(let operands): return operands.contains { $0.holds(selected) }
            case .group(let inner): return inner.holds(selected)
            }
        }

        /// The condition as text; `context` is the binding strength around it (`||` 1, `&&` 2,
        /// `!` 3), below which it needs parentheses.
        func text(context: Int = 0) -> String {
            switch self {
            case .choice(let id): return id
            case .not(let operand): return "!" + operand.text(context: 3)
            case .and(let operands):
                let joined = operands.map { $0.text(context: 3) }.joined(separator: " && ")
                return context > 2 ? "(" + joined + ")" : joined
            case .or(let operands):
                let joined = operands.map { $0.text(context: 2) }.joined(separator: " || ")
                return context > 1 ? "(" + joined + ")" : joined
            case .group(let inner): return "(" + inner.text(context: 0) + ")"
            }
        }

        /// How deep `!` and `(` nest in ``text(context:)``: the most of them around any choice.
        func nesting(context: Int = 0) -> Int {
            switch self {
            case .choice: return 0
            case .not(let operand): return 1 + operand.nesting(context: 3)
            case .and(let operands):
                return (context > 2 ? 1 : 0) + (operands.map { $0.nesting(context: 3) }.max() ?? 0)
            case .or(let operands):
                return (context > 1 ? 1 : 0) + (operands.map { $0.nesting(context: 2) }.max() ?? 0)
            case .group(let inner): return 1 + inner.nesting(context: 0)
            }
        }
    }

    static let choiceIDs = ["a", "b", "c", "d", "e"]

    /// A condition whose nesting is about `depth`: a spine of `!`, groups and runs that deep,
    /// with short branches beside it.
    static func condition(depth: Int, random: inout SplitMix64) -> Condition {
        var node = Condition.choice(random.pick(choiceIDs))
        for _ in 0..<depth {
            let sibling = Condition.choice(random.pick(choiceIDs))
            switch random.below(5) {
            case 0: node = .not(node)
            case 1: node = .group(node)
            case 2: node = .and(random.chance(1, in: 2) ? [node, sibling] : [sibling, .not(node)])
            case 3: node = .or([sibling, node] + (random.chance(1, in: 3) ? [.choice(random.pick(choiceIDs))] : []))
            default: node = .not(.group(node))
            }
        }
        return node
    }

    /// A template of sections nested `depth` deep (`{{#l}}` over a list, `{{#o}}` over an
    /// object, `{{^n}}` over null), one section per line or several on one, with the line and
    /// column of each opening tag.
    static func template(depth: Int, random: inout SplitMix64) -> (text: String, opens: [(line: Int, column: Int)]) {
        var text = ""
        var line = 1
        var column = 1
        var opens: [(line: Int, column: Int)] = []
        var names: [String] = []
        func append(_ piece: String) {
            for character in piece {
                if character == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            text += piece
        }
        for _ in 0..<depth {
            let (sigil, name) = random.pick([("#", "l"), ("#", "o"), ("^", "n")])
            opens.append((line, column))
            names.append(name)
            append("{{" + sigil + name + "}}")
            if random.chance(1, in: 3) { append("\n") }
        }
        append("{{v}}")
        for name in names.reversed() {
            append("{{/" + name + "}}")
            if random.chance(1, in: 3) { append("\n") }
        }
        return (text + "\n", opens)
    }

    /// The context the generated templates render with.
    /// (A list of one element, so that nested lists do not multiply the work.)
    static let templateContext: JSONValue = ["l": [1], "o": ["v": "inner"], "n": nil, "v": "outer"]

    /// `[[…[1]…]]` or `{"k": …}` nested `depth` deep.
    static func json(depth: Int, objects: Bool) -> String {
        let (open, close) = objects ? (#"{"k": "#, "}") : ("[", "]")
        return String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
    }

    /// `count` questions with random `dependsOn` edges: a long chain (forwards or backwards)
    /// and a few random edges besides, each of which may close cycles.
    static func dependencies(count: Int, random: inout SplitMix64) -> [[Int]] {
        let forwards = random.chance(1, in: 2)
        var edges: [[Int]] = (0..<count).map { index in
            let next = forwards ? index + 1 : index - 1
            return (0..<count).contains(next) ? [next] : []
        }
        for _ in 0..<random.below(4) {
            edges[random.below(count)].append(random.below(count))
        }
        return edges
    }

    /// Whether the graph has a cycle, by Kahn's algorithm (self-edges left out, as the
    /// validator reports them apart).
    static func hasCycle(_ edges: [[Int]]) -> Bool {
        var incoming = [Int](repeating: 0, count: edges.count)
        let unique = edges.enumerated().map { from, targets in Set(targets.filter { $0 != from }) }
        for targets in unique { for target in targets { incoming[target] += 1 } }
        var ready = incoming.indices.filter { incoming[$0] == 0 }
        var removed = 0
        while let node = ready.popLast() {
            removed += 1
            for target in unique[node] {
                incoming[target] -= 1
                if incoming[target] == 0 { ready.append(target) }
            }
        }
        return removed < edges.count
    }
}
