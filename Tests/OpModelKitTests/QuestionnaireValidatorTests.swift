import Testing

@testable import OpModelKit

@Suite("Questionnaire validation")
struct QuestionnaireValidatorTests {
    /// Three questions in two domains; Q1 has quality criteria for every level, a reference and
    /// effort points, and the KPI has benchmarks with an open end.
    static func valid() -> Questionnaire {
        var first = Fixtures.question("Q1", kpis: ["k"])
        first.criteria = Dictionary(
            uniqueKeysWithValues: (1...5).map { level in
                (String(level), ["Statement \(level)a holds.", "Statement \(level)b holds."])
            })
        first.references = [Reference(title: "DORA", url: "https://dora.dev/")]
        first.effort = ["1": 1, "2": 2, "4": 13]
        var kpi = KPIDefinition(id: "k", name: "K", unit: "minutes", direction: .lower, category: .agility)
        kpi.benchmarks = [KPIBenchmark(label: "Elite", from: 0, to: 60), KPIBenchmark(label: "Low", from: 10_080)]
        return Fixtures.questionnaire(
            domains: [
                Domain(
                    id: "a", name: "A",
                    questions: [first, Fixtures.question("Q2", dependsOn: ["Q1"])]),
                Domain(id: "b", name: "B", questions: [Fixtures.question("Q3")]),
            ],
            kpis: [kpi])
    }

    @Test func aValidQuestionnaireHasNoProblems() {
        #expect(QuestionnaireValidator.problems(Self.valid()).isEmpty)
    }

    struct BrokenCase: @unchecked Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var fragment: String
        var severity: ValidationProblem.Severity = .error
        var breakIt: (inout Questionnaire) -> Void
        var testDescription: String { name }
    }

    static let broken: [BrokenCase] = [
        BrokenCase(
            name: "duplicate question id", path: "domains[1].questions[0].id",
            fragment: "duplicate question id \"Q1\" (first at domains[0].questions[0])"
        ) {
            $0.domains[1].questions[0].id = "Q1"
        },
        BrokenCase(name: "duplicate domain id", path: "domains[1].id", fragment: "duplicate domain id \"a\"") {
            $0.domains[1].id = "a"
        },
        BrokenCase(name: "duplicate KPI id", path: "kpis[1].id", fragment: "duplicate KPI id \"k\"") {
            $0.kpis.append(KPIDefinition(id: "k", name: "Again", unit: "u", direction: .higher, category: .agility))
        },
        BrokenCase(name: "gap in the scale", path: "scale[2].level", fragment: "contiguous") {
            $0.scale.remove(at: 2)
        },
        BrokenCase(
            name: "missing descriptor", path: "domains[0].questions[0].levels.3",
            fragment: "missing a descriptor for level 3"
        ) {
            $0.domains[0].questions[0].levels?["3"] = nil
        },
        BrokenCase(
            name: "missing next action", path: "domains[0].questions[1].next.2",
            fragment: "missing a next action for level 2"
        ) {
            $0.domains[0].questions[1].next?["2"] = nil
        },
        BrokenCase(
            name: "next for the top level", path: "domains[0].questions[0].next.5",
            fragment: "the top level has no next action"
        ) {
            $0.domains[0].questions[0].next?["5"] = "Nothing above."
        },
        BrokenCase(
            name: "descriptor off the scale", path: "domains[0].questions[0].levels.7",
            fragment: "7 is not a level of the scale"
        ) {
            $0.domains[0].questions[0].levels?["7"] = "Beyond."
        },
        BrokenCase(name: "unknown KPI", path: "domains[0].questions[0].kpis[0]", fragment: "unknown KPI \"nope\"") {
            $0.domains[0].questions[0].kpis = ["nope"]
        },
        BrokenCase(
            name: "unknown dependency", path: "domains[0].questions[1].dependsOn[0]",
            fragment: "unknown question \"Q9\""
        ) {
            $0.domains[0].questions[1].dependsOn = ["Q9"]
        },
        BrokenCase(
            name: "self dependency", path: "domains[0].questions[0].dependsOn[0]", fragment: "cannot depend on itself"
        ) {
            $0.domains[0].questions[0].dependsOn = ["Q1"]
        },
        BrokenCase(
            name: "dependency cycle", path: "domains[0].questions[0].dependsOn",
            fragment: "dependsOn has a cycle: Q1 → Q3 → Q2 → Q1"
        ) {
            $0.domains[0].questions[0].dependsOn = ["Q3"]
            $0.domains[1].questions[0].dependsOn = ["Q2"]
        },
        BrokenCase(
            name: "negative weight", path: "domains[1].questions[0].weight", fragment: "expected a weight ≥ 0, found -1"
        ) {
            $0.domains[1].questions[0].weight = -1
        },
        BrokenCase(name: "negative domain weight", path: "domains[0].weight", fragment: "expected a weight ≥ 0") {
            $0.domains[0].weight = -0.5
        },
        BrokenCase(
            name: "target off the scale", path: "domains[0].questions[0].target",
            fragment: "expected a level of the scale (1–5), found 9"
        ) {
            $0.domains[0].questions[0].target = 9
        },
        BrokenCase(name: "id with a space", path: "domains[0].questions[0].id", fragment: "must not contain spaces") {
            $0.domains[0].questions[0].id = "Q 1"
            $0.domains[0].questions[1].dependsOn = nil
        },
        BrokenCase(name: "empty question text", path: "domains[0].questions[0].text", fragment: "needs a text") {
            $0.domains[0].questions[0].text = "  "
        },
        BrokenCase(name: "single-level scale", path: "scale", fragment: "at least two levels") {
            $0.scale = [ScaleLevel(level: 1, name: "Only")]
        },
        BrokenCase(name: "no domains", path: "domains", fragment: "at least one domain") {
            $0.domains = []
        },
        BrokenCase(name: "empty domain", path: "domains[1].questions", fragment: "no questions", severity: .warning) {
            $0.domains[1].questions = []
        },
        BrokenCase(name: "choices without rules", path: "domains[1].questions[0].rules", fragment: "needs rules") {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
        },
        BrokenCase(
            name: "rule naming an unknown choice", path: "domains[1].questions[0].rules[0].when",
            fragment: "unknown choice \"zz\""
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].rules = [Rule(when: "a && zz", level: 2), Rule(when: "default", level: 1)]
        },
        BrokenCase(
            name: "rule that does not parse", path: "domains[1].questions[0].rules[0].when", fragment: "does not parse"
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].rules = [Rule(when: "a &&", level: 2), Rule(when: "default", level: 1)]
        },
        BrokenCase(
            name: "default rule not last", path: "domains[1].questions[0].rules[0].when", fragment: "not last",
            severity: .warning
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].rules = [Rule(when: "default", level: 1), Rule(when: "a", level: 2)]
        },
        BrokenCase(
            name: "no default rule", path: "domains[1].questions[0].rules", fragment: "not \"default\"",
            severity: .warning
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].rules = [Rule(when: "a", level: 2)]
        },
        BrokenCase(
            name: "unreachable rule", path: "domains[1].questions[0].rules[1].when",
            fragment: "no selection of choices reaches this rule", severity: .warning
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A"), Choice(id: "b", title: "B")]
            $0.domains[1].questions[0].rules = [
                Rule(when: "a || b", level: 2), Rule(when: "a && b", level: 3), Rule(when: "default", level: 1),
            ]
        },
        BrokenCase(
            name: "duplicate choice", path: "domains[1].questions[0].choices[1].id",
            fragment: "duplicate choice id \"a\""
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A"), Choice(id: "a", title: "Again")]
            $0.domains[1].questions[0].rules = [Rule(when: "default", level: 1)]
        },
        BrokenCase(
            name: "unknown none choice", path: "domains[1].questions[0].noneChoice", fragment: "unknown choice \"none\""
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].noneChoice = "none"
            $0.domains[1].questions[0].rules = [Rule(when: "default", level: 1)]
        },
        BrokenCase(
            name: "rule level off the scale", path: "domains[1].questions[0].rules[0].level",
            fragment: "expected a level of the scale, found 8"
        ) {
            $0.domains[1].questions[0].kind = .choices
            $0.domains[1].questions[0].choices = [Choice(id: "a", title: "A")]
            $0.domains[1].questions[0].rules = [Rule(when: "default", level: 8)]
        },
    ]

    /// The rules for quality criteria, references, effort points, KPI benchmarks and area names.
    static let brokenNewKeys: [BrokenCase] = [
        BrokenCase(
            name: "criteria for a level off the scale", path: "domains[0].questions[0].criteria.7",
            fragment: "unexpected key \"7\": 7 is not a level of the scale (1–5)"
        ) {
            $0.domains[0].questions[0].criteria?["7"] = ["Beyond the scale.", "Still beyond."]
        },
        BrokenCase(
            name: "criteria keyed by a word", path: "domains[0].questions[0].criteria.three",
            fragment: "expected a level number as the key"
        ) {
            $0.domains[0].questions[0].criteria?["three"] = ["A statement.", "Another."]
        },
        BrokenCase(
            name: "an empty criterion", path: "domains[0].questions[0].criteria.3[1]",
            fragment: "the statement is empty"
        ) {
            $0.domains[0].questions[0].criteria?["3"] = ["A statement.", "  "]
        },
        BrokenCase(
            name: "one criterion for a level", path: "domains[0].questions[0].criteria.2",
            fragment: "level 2 has 1 statement; write 2 to 4 checkable ones", severity: .warning
        ) {
            $0.domains[0].questions[0].criteria?["2"] = ["Only one."]
        },
        BrokenCase(
            name: "five criteria for a level", path: "domains[0].questions[0].criteria.5",
            fragment: "level 5 has 5 statements", severity: .warning
        ) {
            $0.domains[0].questions[0].criteria?["5"] = ["a.", "b.", "c.", "d.", "e."]
        },
        BrokenCase(
            name: "criteria missing a level", path: "domains[0].questions[0].criteria",
            fragment: "no criteria for level 4;", severity: .warning
        ) {
            $0.domains[0].questions[0].criteria?["4"] = nil
        },
        BrokenCase(
            name: "reference without a title", path: "domains[0].questions[0].references[0].title",
            fragment: "the reference needs a title"
        ) {
            $0.domains[0].questions[0].references = [Reference(title: " ", url: "https://dora.dev/")]
        },
        BrokenCase(
            name: "reference over http", path: "domains[0].questions[0].references[0].url",
            fragment: "expected an absolute https URL such as \"https://dora.dev/\", found \"http://dora.dev/\""
        ) {
            $0.domains[0].questions[0].references = [Reference(title: "DORA", url: "http://dora.dev/")]
        },
        BrokenCase(
            name: "relative reference", path: "domains[1].questions[0].references[1].url",
            fragment: "expected an absolute https URL"
        ) {
            $0.domains[1].questions[0].references = [
                Reference(title: "DORA", url: "https://dora.dev/"), Reference(title: "Guide", url: "guide/index.html"),
            ]
        },
        BrokenCase(
            name: "the same reference twice", path: "domains[0].questions[0].references[1].url",
            fragment: "the same URL as references[0]", severity: .warning
        ) {
            $0.domains[0].questions[0].references?.append(Reference(title: "DORA again", url: "https://dora.dev/"))
        },
        BrokenCase(
            name: "effort for the top level", path: "domains[0].questions[0].effort.5",
            fragment: "effort sizes a next action, and \"next\" has none for 5"
        ) {
            $0.domains[0].questions[0].effort?["5"] = 2
        },
        BrokenCase(
            name: "effort for an action that is not written", path: "domains[0].questions[1].effort.2",
            fragment: "\"next\" has none for 2"
        ) {
            $0.domains[0].questions[1].next?["2"] = nil
            $0.domains[0].questions[1].effort = ["2": 1]
        },
        BrokenCase(
            name: "zero effort", path: "domains[0].questions[0].effort.2",
            fragment: "expected whole points from 1 to 13, found 0"
        ) {
            $0.domains[0].questions[0].effort?["2"] = 0
        },
        BrokenCase(
            name: "effort above the ceiling", path: "domains[0].questions[0].effort.3",
            fragment: "expected whole points from 1 to 13, found 14"
        ) {
            $0.domains[0].questions[0].effort?["3"] = 14
        },
        BrokenCase(
            name: "benchmark without a label", path: "kpis[0].benchmarks[0].label", fragment: "needs a label"
        ) {
            $0.kpis[0].benchmarks?[0].label = ""
        },
        BrokenCase(
            name: "benchmark without bounds", path: "kpis[0].benchmarks[1]", fragment: "needs \"from\", \"to\" or both"
        ) {
            $0.kpis[0].benchmarks?[1].from = nil
        },
        BrokenCase(
            name: "benchmark bounds out of order", path: "kpis[0].benchmarks[0]",
            fragment: "\"from\" (90) is above \"to\" (60)"
        ) {
            $0.kpis[0].benchmarks?[0].from = 90
        },
        BrokenCase(
            name: "benchmark bound the unit refuses", path: "kpis[0].benchmarks[0].to",
            fragment: "a percentage lies between 0 and 100"
        ) {
            $0.kpis[0].unit = "percent"
            $0.kpis[0].benchmarks = [KPIBenchmark(label: "Run", from: 90, to: 150)]
        },
        BrokenCase(
            name: "negative benchmark duration", path: "kpis[0].benchmarks[0].from",
            fragment: "a value in minutes cannot be negative"
        ) {
            $0.kpis[0].benchmarks?[0].from = -5
        },
        BrokenCase(
            name: "an area written two ways", path: "domains[1].questions[0].area",
            fragment: "the area \"area\" is written differently at domains[0].questions[0].area (\"Area\")",
            severity: .warning
        ) {
            $0.domains[1].questions[0].area = "area"
        },
        BrokenCase(
            name: "an area used once that looks like another", path: "domains[1].questions[0].area",
            fragment: "only this question uses the area \"Arae\", which looks like \"Area\"", severity: .warning
        ) {
            $0.domains[1].questions[0].area = "Arae"
        },
        BrokenCase(
            name: "a question without the area its domain uses", path: "domains[0].questions[1].area",
            fragment: "falls outside every group", severity: .warning
        ) {
            $0.domains[0].questions[1].area = nil
        },
    ]

    @Test(arguments: brokenNewKeys)
    func eachBrokenNewKeyGetsItsPreciseMessage(_ example: BrokenCase) {
        eachBrokenQuestionnaireGetsItsPreciseMessage(example)
    }

    /// A small area and areas left out everywhere in a domain are fine.
    @Test func distinctAreasAndDomainsWithoutAreasPass() {
        var questionnaire = Self.valid()
        questionnaire.domains[1].questions[0].area = "Capacity management"
        #expect(QuestionnaireValidator.problems(questionnaire).isEmpty)
        questionnaire.domains[1].questions[0].area = nil
        #expect(QuestionnaireValidator.problems(questionnaire).isEmpty)
    }

    @Test func accessorsDefaultWhatIsLeftOut() {
        let questionnaire = Self.valid()
        let first = questionnaire.domains[0].questions[0]
        #expect(first.criteria(for: 3) == ["Statement 3a holds.", "Statement 3b holds."])
        #expect(first.criteria(for: 9) == [])
        #expect(first.effort(from: 2) == 2)
        #expect(first.effort(from: 3) == Question.defaultEffort)
        #expect(questionnaire.domains[0].questions[1].effort(from: 1) == 1)
        #expect(questionnaire.domains[0].questions[1].criteria(for: 1) == [])
        let benchmarks = questionnaire.kpis[0].benchmarks ?? []
        #expect(benchmarks.map(\.rangeText) == ["0–60", "at least 10080"])
        #expect(KPIBenchmark(label: "x", to: 1).rangeText == "at most 1")
        #expect(benchmarks.first?.contains(60) == true)
        #expect(benchmarks.first?.contains(61) == false)
        #expect(benchmarks.last?.contains(1e9) == true)
    }

    @Test(arguments: broken)
    func eachBrokenQuestionnaireGetsItsPreciseMessage(_ example: BrokenCase) {
        var questionnaire = Self.valid()
        example.breakIt(&questionnaire)
        let problems = QuestionnaireValidator.problems(questionnaire)
        let match = problems.first { $0.path == example.path && $0.message.contains(example.fragment) }
        #expect(match != nil, "got: \(problems.map(\.description))")
        #expect(match?.severity == example.severity)
    }
}

@Suite("Rule expressions")
struct RuleExpressionTests {
    @Test(arguments: [
        ("a", ["a"], true), ("!a", ["a"], false), ("a && b", ["a"], false), ("a || b", ["b"], true),
        ("a || b && c", ["a"], true), ("(a || b) && c", ["a"], false), ("!a && b", ["b"], true),
        ("!(a && b)", ["a", "b"], false),
        ("!!a", ["a"], true), ("a && !b || c", ["c", "b"], true), ("default", [], true),
    ])
    func evaluatesWithPrecedenceNotAndOr(text: String, selected: [String], expected: Bool) throws {
        #expect(try RuleExpression.parse(text).evaluate(selected: Set(selected)) == expected)
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(try RuleExpression.parse("a || b && c") == .or([.choice("a"), .and([.choice("b"), .choice("c")])]))
        #expect(try RuleExpression.parse("!a && b") == .and([.not(.choice("a")), .choice("b")]))
    }

    @Test(arguments: [
        ("", "empty", 1), ("a &&", "expected a choice id", 5), ("(a || b", "not closed", 8), ("a & b", "single '&'", 3),
        ("a b", "unexpected \"b\"", 3), ("default && a", "must stand alone", 9),
        ("a $ b", "unexpected character '$'", 3),
    ])
    func reportsSyntaxErrors(text: String, fragment: String, position: Int) {
        do {
            _ = try RuleExpression.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.message.contains(fragment), "\(error)")
            #expect(error.position == position, "\(error)")
        }
    }
}
