import Testing

@testable import OpModelKit

@Suite("Questionnaire validation")
struct QuestionnaireValidatorTests {
    static func valid() -> Questionnaire {
        Fixtures.questionnaire(
            domains: [
                Domain(
                    id: "a", name: "A",
                    questions: [Fixtures.question("Q1", kpis: ["k"]), Fixtures.question("Q2", dependsOn: ["Q1"])]),
                Domain(id: "b", name: "B", questions: [Fixtures.question("Q3")]),
            ],
            kpis: [KPIDefinition(id: "k", name: "K", unit: "minutes", direction: .lower, category: .agility)])
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
