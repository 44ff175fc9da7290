import Foundation
import OpModelTestSupport
import Synchronization
import Testing

@testable import OpModelKit

// Inputs whose depth the file controls: rule conditions, `dependsOn` chains, template sections.
// The sizes here stay small enough that a recursive implementation would still finish in
// process; the sizes that crash one run through the built binary in a child process
// (Tests/OpModelCLITests/DeepInputTests.swift), so that a regression fails a test instead of
// killing the test run.

/// The depth of a condition's tree, measured without recursion.
func treeDepth(_ expression: RuleExpression) -> Int {
    var deepest = 0
    var pending: [(RuleExpression, Int)] = [(expression, 1)]
    while let (node, depth) = pending.popLast() {
        deepest = max(deepest, depth)
        switch node {
        case .not(let operand): pending.append((operand, depth + 1))
        case .and(let operands), .or(let operands): pending += operands.map { ($0, depth + 1) }
        case .choice, .always: break
        }
    }
    return deepest
}

@Suite("Rule conditions: bounded nesting, wide runs")
struct RuleNestingTests {
    static let limit = RuleExpression.maximumNesting

    @Test func theLimitIsDocumentedAs64() {
        #expect(Self.limit == 64)
    }

    @Test(arguments: [("(", ")"), ("!", ""), ("!(", ")")])
    func nestingUpToTheLimitParsesAndOneMoreIsRefused(open: String, close: String) throws {
        // "!(" opens two levels at once.
        let levels = open.count
        let fits = Self.limit / levels
        let deepest = String(repeating: open, count: fits) + "a" + String(repeating: close, count: fits)
        let expression = try RuleExpression.parse(deepest)
        #expect(expression.evaluate(selected: ["a"]) == (open.filter { $0 == "!" }.count * fits).isMultiple(of: 2))
        #expect(treeDepth(expression) <= 2 * Self.limit + 1)

        let tooDeep = String(repeating: open, count: fits + 1) + "a" + String(repeating: close, count: fits + 1)
        do {
            _ = try RuleExpression.parse(tooDeep)
            Issue.record("\(open) nested \(fits + 1) times was accepted")
        } catch {
            #expect(error.message == "parentheses and '!' are nested more than 64 levels deep")
            #expect(error.position == fits * levels + 1, "the first character past the limit")
        }
    }

    @Test func onlyWhatIsOpenAtOnceCounts() throws {
        let many = Array(repeating: "!(a || !b)", count: 5_000).joined(separator: " && ")
        let expression = try RuleExpression.parse(many)
        #expect(treeDepth(expression) == 5)
        #expect(expression.evaluate(selected: ["b"]))
        #expect(!expression.evaluate(selected: ["a"]))
    }

    @Test func aRunOfOneOperatorIsOneNode() throws {
        let ids = (0..<5_000).map { "c\($0)" }
        let expression = try RuleExpression.parse(ids.joined(separator: " || "))
        #expect(expression == .or(ids.map { .choice($0) }))
        #expect(treeDepth(expression) == 2)
        #expect(expression.evaluate(selected: ["c4999"]))
        #expect(!expression.evaluate(selected: ["d"]))
        #expect(expression.choiceIDs == ids)
        #expect(expression.size == 5_001)
    }

    @Test func groupsStayNodesOfTheirOwn() throws {
        let (a, b, c, d) = (
            RuleExpression.choice("a"), RuleExpression.choice("b"), RuleExpression.choice("c"),
            RuleExpression.choice("d")
        )
        #expect(try RuleExpression.parse("(a || b) || c") == .or([.or([a, b]), c]))
        #expect(try RuleExpression.parse("a && b || c && !d") == .or([.and([a, b]), .and([c, .not(d)])]))
        #expect(try RuleExpression.parse("!(a && (b || c))") == .not(.and([a, .or([b, c])])))
        #expect(try RuleExpression.parse("((a))") == a)
    }

    @Test(arguments: [
        ("(a", "the parenthesis opened at character 1 is not closed", 3),
        ("(a b)", "the parenthesis opened at character 1 is not closed", 4),
        ("a)", "unexpected ')'", 2), ("!", "expected a choice id, '!' or '(', found the end", 2),
        ("a || ()", "expected a choice id, '!' or '(', found ')'", 7), ("(a || (b)", "opened at character 1", 10),
    ])
    func syntaxErrorsKeepTheirMessagesAndPositions(text: String, fragment: String, position: Int) {
        do {
            _ = try RuleExpression.parse(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.message.contains(fragment), "\(error)")
            #expect(error.position == position, "\(error)")
        }
    }

    static func choicesQuestionnaire(choices: Int, rules: [Rule]) -> Questionnaire {
        var question = Question(id: "Q1", text: "Which?")
        question.kind = .choices
        question.choices = (0..<choices).map { Choice(id: "c\($0)", title: "Choice \($0)") }
        question.rules = rules
        return Fixtures.questionnaire(domains: [Domain(id: "d", name: "D", questions: [question])])
    }

    @Test func theValidatorReportsATooDeepConditionAtItsPath() {
        let deep = String(repeating: "(", count: 65) + "c0" + String(repeating: ")", count: 65)
        let questionnaire = Self.choicesQuestionnaire(
            choices: 2, rules: [Rule(when: deep, level: 2), Rule(when: "default", level: 1)])
        let problems = QuestionnaireValidator.problems(questionnaire)
        let problem = problems.first { $0.path == "domains[0].questions[0].rules[0].when" }
        #expect(problem?.severity == .error)
        #expect(problem?.message.contains("nested more than 64 levels deep (at character 65)") == true, "\(problems)")
    }

    /// Searching every selection of choices for unreachable rules shares one budget per document:
    /// a condition too large for it is not searched (no warning), a small one still is.
    @Test(arguments: [(200, true), (5_000, false)])
    func theSearchForUnreachableRulesStaysWithinItsBudget(runLength: Int, searched: Bool) {
        let run = Array(repeating: "c0", count: runLength).joined(separator: " || ")
        let questionnaire = Self.choicesQuestionnaire(
            choices: 12,
            rules: [Rule(when: run, level: 3), Rule(when: "c0", level: 2), Rule(when: "default", level: 1)])
        let problems = QuestionnaireValidator.problems(questionnaire)
        let unreachable = problems.contains {
            $0.path == "domains[0].questions[0].rules[1].when" && $0.message.contains("no selection of choices")
        }
        #expect(unreachable == searched, "\(problems)")
        let cost = RuleExpression.exhaustiveSearchCost(
            choiceCount: 12, expressions: [(try? RuleExpression.parse(run)) ?? .always])
        #expect((cost != nil) == searched)
    }
}

@Suite("dependsOn cycles: iterative, each once, in order")
struct DependencyCycleTests {
    static func questionnaire(_ dependencies: [[Int]]) -> Questionnaire {
        let questions = dependencies.enumerated().map { index, targets in
            Fixtures.question("Q\(index)", dependsOn: targets.isEmpty ? nil : targets.map { "Q\($0)" })
        }
        return Fixtures.questionnaire(domains: [Domain(id: "d", name: "D", questions: questions)])
    }

    static func cycles(_ questionnaire: Questionnaire) -> [ValidationProblem] {
        QuestionnaireValidator.problems(questionnaire).filter { $0.message.contains("cycle") }
    }

    @Test func aLongChainClosingOnItselfIsOneCycleNamedShortly() {
        let count = 10_000
        let problems = Self.cycles(Self.questionnaire((0..<count).map { [($0 + count - 1) % count] }))
        #expect(problems.count == 1)
        #expect(problems.first?.path == "domains[0].questions[0].dependsOn")
        #expect(
            problems.first?.message
                == "dependsOn has a cycle of 10000 questions: Q0 → Q9999 → Q9998 → Q9997 → Q9996 → … → Q2 → Q1 → Q0")
    }

    @Test func aLongChainWithoutACycleIsValid() {
        let count = 10_000
        let questionnaire = Self.questionnaire((0..<count).map { $0 + 1 < count ? [$0 + 1] : [] })
        #expect(QuestionnaireValidator.problems(questionnaire).isEmpty)
    }

    @Test func eachCycleIsReportedOnceInTheOrderMet() {
        // Q1 ⇄ Q2 and Q1 ⇄ Q3; Q2 names Q1 twice and Q4 names Q2 twice.
        let problems = Self.cycles(Self.questionnaire([[], [2, 3], [1, 1], [1], [2, 2]]))
        #expect(
            problems.map(\.message) == ["dependsOn has a cycle: Q1 → Q2 → Q1", "dependsOn has a cycle: Q1 → Q3 → Q1"])
        #expect(problems.map(\.path) == Array(repeating: "domains[0].questions[1].dependsOn", count: 2))
    }

    @Test(arguments: [8, 9])
    func cyclesOfUpToEightQuestionsAreNamedInFull(length: Int) {
        let problems = Self.cycles(Self.questionnaire((0..<length).map { [($0 + 1) % length] }))
        let expected =
            length == 8
            ? "dependsOn has a cycle: Q0 → Q1 → Q2 → Q3 → Q4 → Q5 → Q6 → Q7 → Q0"
            : "dependsOn has a cycle of 9 questions: Q0 → Q1 → Q2 → Q3 → Q4 → … → Q7 → Q8 → Q0"
        #expect(problems.map(\.message) == [expected])
    }

    /// Each question of a chain also depends on the first: thousands of cycles, each as long as
    /// its place in the chain. Naming them in full would cost the square of the length; each is
    /// named in a bounded message instead. (The time it takes is a benchmark's business, never a
    /// unit test's: `Benchmarks/run` measures the long-chain report.)
    @Test func manyLongCyclesAreNamedInBoundedMessages() {
        let count = 6_000
        let dependencies = (0..<count).map { index in index == 0 ? [1] : index + 1 < count ? [index + 1, 0] : [0] }
        let problems = Self.cycles(Self.questionnaire(dependencies))
        #expect(problems.count == count - 1)
        #expect(problems.allSatisfy { $0.message.count < 120 })
        #expect(problems.first?.message.hasPrefix("dependsOn has a cycle of 6000 questions: Q0 → Q1 → Q2") == true)
        #expect(problems.last?.message == "dependsOn has a cycle: Q0 → Q1 → Q0")
    }

    /// The recursive search that the iterative one replaced, kept as the reference for what is
    /// reported and in which order (on small graphs, where recursion is harmless).
    static func referenceCycles(_ questionnaire: Questionnaire) -> [String] {
        var edges: [String: [String]] = [:]
        let ids = Set(questionnaire.allQuestions.map(\.id))
        for question in questionnaire.allQuestions {
            for dependency in question.dependsOn ?? [] where dependency != question.id && ids.contains(dependency) {
                edges[question.id, default: []].append(dependency)
            }
        }
        var messages: [String] = []
        var state: [String: Int] = [:]
        var stack: [String] = []
        var reported: Set<String> = []
        func visit(_ id: String) {
            state[id] = 1
            stack.append(id)
            for dependency in edges[id] ?? [] {
                if state[dependency] == 1, let start = stack.firstIndex(of: dependency) {
                    let cycle = Array(stack[start...]) + [dependency]
                    if reported.insert(cycle.dropLast().sorted().joined(separator: ",")).inserted {
                        messages.append("dependsOn has a cycle: " + cycle.joined(separator: " → "))
                    }
                } else if state[dependency] == nil {
                    visit(dependency)
                }
            }
            stack.removeLast()
            state[id] = 2
        }
        for question in questionnaire.allQuestions where state[question.id] == nil { visit(question.id) }
        return messages
    }

    @Test func randomGraphsGetTheCyclesTheRecursiveSearchFound() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0xC7C1E)
        var withCycles = 0
        for _ in 0..<300 {
            let count = 1 + random.below(7)
            let dependencies = (0..<count).map { _ in (0..<random.below(4)).map { _ in random.below(count) } }
            let questionnaire = Self.questionnaire(dependencies)
            let found = Self.cycles(questionnaire).map(\.message)
            let expected = Self.referenceCycles(questionnaire)
            #expect(found == expected, "\(dependencies)")
            if !expected.isEmpty { withCycles += 1 }
        }
        #expect(withCycles > 50)
    }
}

@Suite("Template sections: bounded nesting and work")
struct TemplateNestingTests {
    static func nested(_ levels: Int, open: String = "{{#a}}", close: String = "{{/a}}") -> String {
        String(repeating: open, count: levels) + "x" + String(repeating: close, count: levels) + "\n"
    }

    @Test func sixtyFourLevelsRenderAndOneMoreIsOneErrorAtItsTag() throws {
        #expect(Template.maximumSectionNesting == 64)
        let fits = try Template(source: Self.nested(64), name: "t.md")
        #expect(try fits.render(["a": ["b": 1]]) == "x\n")
        #expect(fits.unknownNames(against: ["a": ["b": 1]]).isEmpty)
        for (open, close) in [("{{#a}}", "{{/a}}"), ("{{^z}}", "{{/z}}")] {
            do {
                _ = try Template(source: Self.nested(65, open: open, close: close), name: "t.md")
                Issue.record("65 levels of \(open) were accepted")
            } catch {
                #expect(error.errors.count == 1, "\(error.errors)")
                let first = error.errors.first
                #expect(first?.line == 1)
                #expect(first?.column == 64 * 6 + 1)
                #expect(
                    first?.message
                        == "'\(open)' opens a section nested more than 64 levels deep, the most a template may have")
            }
        }
    }

    @Test func deepSectionsOnSeparateLinesAreReportedAtTheirLine() {
        let source = (0..<100).map { "{{#s\($0)}}\n" }.joined() + (0..<100).reversed().map { "{{/s\($0)}}\n" }.joined()
        do {
            _ = try Template(source: source, name: "t.md")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.line) == [65])
            #expect(error.errors.first?.errorDescription?.hasPrefix("t.md:65:1: '{{#s64}}' opens a section") == true)
        }
    }

    /// Lists nested in lists multiply: rendering stops at the step limit, at the innermost
    /// section, instead of running for hours.
    @Test func nestedListsStopAtTheStepLimit() throws {
        let template = try Template(source: Self.nested(5, open: "{{#l}}", close: "{{/l}}"), name: "t.md")
        let list: JSONValue = .array(Array(repeating: .number(1), count: 10))
        // 10^5 "x" and the sections around them: about 111,000 nodes.
        #expect(throws: Never.self) { _ = try template.render(["l": list], stepLimit: 120_000, outputLimit: 1 << 20) }
        do {
            _ = try template.render(["l": list], stepLimit: 1_000, outputLimit: 1 << 20)
            Issue.record("rendered past the step limit")
        } catch {
            #expect(error.message.hasPrefix("rendering takes more than 1000 steps"))
            #expect(error.line == 1)
            #expect([7, 13, 19, 25].contains(error.column), "at a section inside another")
        }
        #expect(Template.maximumRenderSteps == 1 << 24)
    }

    @Test func aRenderingPastTheOutputLimitStopsAtTheTagThatCrossedIt() throws {
        let template = try Template(source: "head\n{{#l}}{{big}}{{/l}}\n", name: "t.md")
        let context: JSONValue = [
            "l": .array(Array(repeating: .number(1), count: 20)), "big": .string(String(repeating: "x", count: 100)),
        ]
        #expect(throws: Never.self) { _ = try template.render(context, stepLimit: 1_000, outputLimit: 2_100) }
        do {
            _ = try template.render(context, stepLimit: 1_000, outputLimit: 1_000)
            Issue.record("rendered past the output limit")
        } catch {
            #expect(error.message.hasPrefix("the rendered report would be larger than"))
            #expect((error.line, error.column) == (2, 7))
        }
        #expect(Template.maximumOutputBytes == 64 * 1_048_576)
    }
}

@Suite("JSON member names differing only in Unicode normalisation")
struct LookalikeNameTests {
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"

    @Test func theyAreTwoMembersNotADuplicate() throws {
        #expect(Self.composed == Self.decomposed, "Swift compares them as equal")
        let json = try JSONParser.parse(#"{"caf\u00e9": 1, "cafe\u0301": 2}"#)
        let members = try #require(json.objectValue)
        #expect(members.count == 2)
        #expect(members[Self.composed] == .number(1))
        #expect(members[Self.decomposed] == .number(2))
        #expect(Set(members.keys.map { Array($0.unicodeScalars) }).count == 2)
        let groups = members.lookalikeNames()
        #expect(groups.count == 1)
        // Either spelling finds the group, which lists both, by their bytes.
        for name in [Self.composed, Self.decomposed] {
            #expect(
                groups[name]?.map { Array($0.unicodeScalars) }
                    == [Self.decomposed, Self.composed].map { Array($0.unicodeScalars) })
        }
        #expect(try JSONParser.parse(#"{"a": 1, "b": 2}"#).objectValue?.lookalikeNames().isEmpty == true)
        // The same scalars twice are still a duplicate.
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#"{"caf\u00e9": 1, "café": 2}"#) }
    }

    @Test func bothAreWrittenBackAndReadAgain() throws {
        let json = try JSONParser.parse(#"{"caf\u00e9": 1, "cafe\u0301": [2]}"#)
        let text = JSONWriter.prettyText(json)
        #expect(text.unicodeScalars.filter { $0 == "\u{E9}" }.count == 1)
        #expect(text.unicodeScalars.filter { $0 == "\u{301}" }.count == 1)
        #expect(try JSONParser.parse(text) == json)
        #expect(JSONValue.object([Self.composed: 1]) != .object([Self.decomposed: 1]))
    }

    static let assessment = """
        {"format": "opmodel.assessment", "formatVersion": 1, "id": "x", "team": "T", "period": "2026-Q4",
         "questionnaire": {"id": "q", "version": "1"}, "createdAt": "2026-11-23T10:00:00Z",
         "x-note": {"caf\\u00e9": "one", "cafe\\u0301": "two"}%@}
        """

    @Test func unknownMembersKeepBothThroughARoundTrip() throws {
        let text = Self.assessment.replacingOccurrences(of: "%@", with: "")
        let assessment = try DocumentLoader.assessment(from: Array(text.utf8), file: "a.json")
        let kept = try #require(assessment.unknownMembers["x-note"]?.objectValue)
        #expect(kept.count == 2)
        let written = try DocumentWriter.text(of: assessment)
        let again = try DocumentLoader.assessment(from: Array(written.utf8), file: "a.json")
        #expect(again.unknownMembers["x-note"]?.objectValue?.count == 2)
        #expect(again == assessment)
    }

    /// Answers are keyed by question id, as Swift compares ids: of two such members one would
    /// replace the other, so the file is refused with both spellings named.
    @Test func twoSuchIdsWhereTheModelReadsIdsAreRefusedNotMerged() throws {
        let text = Self.assessment.replacingOccurrences(
            of: "%@",
            with: #", "discover": {"answers": {"caf\u00e9": {"level": 1}, "cafe\u0301": {"level": 2}}}"#)
        do {
            _ = try DocumentLoader.assessment(from: Array(text.utf8), file: "a.json")
            Issue.record("two answers for one id were merged")
        } catch let error as DataError {
            let message = error.errorDescription ?? ""
            #expect(message.hasPrefix("a.json: discover.answers[\"caf"), "\(message)")
            #expect(message.contains("(U+63 U+61 U+66 U+E9)"), "\(message)")
            #expect(message.contains("(U+63 U+61 U+66 U+65 U+301)"), "\(message)")
            #expect(message.contains("differ only in Unicode normalisation"), "\(message)")
        }
    }
}

@Suite("A planning horizon never runs past 9999-Q4")
struct LateHorizonTests {
    static func problems(period: String, start: String?, horizon: Int?) -> [ValidationProblem] {
        var assessment = Fixtures.assessment(period: period)
        assessment.deliver.startPeriod = start.map(Fixtures.period)
        assessment.deliver.horizonQuarters = horizon
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "d", name: "D", questions: [])])
        return AssessmentValidator.problems(assessment, questionnaire: questionnaire)
            .filter { $0.path.hasPrefix("deliver") }
    }

    @Test func theLastQuartersFitAndOneMoreIsRefused() {
        #expect(Self.problems(period: "9999-Q1", start: "9999-Q3", horizon: 2).isEmpty)
        #expect(Self.problems(period: "9999-Q1", start: "9999-Q4", horizon: 1).isEmpty)
        let refused = Self.problems(period: "9999-Q1", start: "9999-Q3", horizon: 8)
        #expect(
            refused.map(\.description) == [
                "deliver.horizonQuarters: error: a roadmap of 8 quarters from 9999-Q3 would run past 9999-Q4, the "
                    + "last quarter opmodel plans; plan at most 2 quarters"
            ])
    }

    /// The default horizon (4) is shortened to what fits, so a new assessment late in 9999 is
    /// valid; a horizon the room set is carried to the next quarter only as far as it fits.
    @Test func theDefaultHorizonAndACarriedOneAreShortenedToFit() throws {
        #expect(Self.problems(period: "9999-Q2", start: nil, horizon: nil).isEmpty)
        var assessment = RoadmapPlannerTests.assessment(capacity: 4, horizon: 4)
        assessment.period = Fixtures.period("9999-Q2")
        assessment.deliver.horizonQuarters = nil
        #expect(assessment.deliver.horizon(from: Fixtures.period("9999-Q3")) == 2)
        #expect(assessment.deliver.horizon(from: Fixtures.period("2027-Q1")) == Deliver.defaultHorizonQuarters)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: RoadmapPlannerTests.questionnaire)
        #expect(roadmap.horizonQuarters == 2)
        #expect(roadmap.milestones.map(\.period.description) == ["9999-Q3", "9999-Q4"])
        #expect(Deliver.longestHorizon(from: Period.latest) == 1)
        #expect(Deliver.longestHorizon(from: Fixtures.period("9998-Q1")) == 8)

        var previous = Fixtures.assessment(period: "9999-Q1")
        previous.deliver.horizonQuarters = 8
        let next = Reassessment.start(
            from: previous, questionnaire: RoadmapPlannerTests.questionnaire, id: "next", team: "Team",
            period: Fixtures.period("9999-Q2"), createdAt: "9999-04-01T00:00:00Z")
        #expect(next.assessment.deliver.horizonQuarters == 2)
    }

    /// A horizon ending in 9999-Q4 with more steps than fit: the search for a free quarter used
    /// to step from 9999-Q4 to its "next" quarter, itself, forever. Run on another thread so
    /// that a regression fails the test instead of hanging the run.
    @Test func aFullLastQuarterSendsStepsToTheBacklog() {
        var assessment = RoadmapPlannerTests.assessment(capacity: 1, horizon: 1)
        assessment.period = Fixtures.period("9999-Q3")
        assessment.deliver.startPeriod = Period.latest
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Roadmap?>(nil)
        DispatchQueue.global().async { [assessment] in
            let roadmap = RoadmapPlanner.plan(assessment, questionnaire: RoadmapPlannerTests.questionnaire)
            result.withLock { $0 = roadmap }
            done.signal()
        }
        guard done.wait(timeout: .now() + 20) == .success else {
            Issue.record("planning a roadmap that ends in 9999-Q4 does not finish")
            return
        }
        let roadmap = result.withLock { $0 }
        #expect(roadmap?.milestones.map(\.period) == [Period.latest])
        #expect(roadmap?.milestones.first?.steps.count == 1)
        #expect(roadmap?.backlog.isEmpty == false)
    }
}
