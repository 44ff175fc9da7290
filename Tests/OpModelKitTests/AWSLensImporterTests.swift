import Foundation
import Testing

@testable import OpModelKit

// MARK: - Helpers

/// Builds small lenses as JSON text.
private enum Lens {
    /// A lens with one pillar per element of `pillars`, each a list of question objects (JSON text).
    static func text(pillars: [[String]], extra: String = "") -> String {
        let pillarTexts = pillars.enumerated().map { index, questions in
            """
            {"id": "P\(index + 1)", "name": "Pillar \(index + 1)", "questions": [\(questions.joined(separator: ","))]}
            """
        }
        return """
            {"schemaVersion": "2021-11-01", "name": "Test Lens", "description": "A lens for tests.",\(extra)
             "pillars": [\(pillarTexts.joined(separator: ","))]}
            """
    }

    /// A question with choices `ids` (each with an improvement plan, `_no` ones without) and
    /// `rules` as (condition, risk) pairs.
    static func question(_ id: String, choices ids: [String], rules: [(String, String)]) -> String {
        let choices = ids.map { choice in
            choice.hasSuffix("_no")
                ? #"{"id": "\#(choice)", "title": "None of these"}"#
                : #"""
                {"id": "\#(choice)", "title": "Practice \#(choice)",
                 "helpfulResource": {"displayText": "Why \#(choice).", "url": "https://example.com/\#(choice)"},
                 "improvementPlan": {"displayText": "Do \#(choice)."}}
                """#
        }
        let ruleTexts = rules.map { #"{"condition": "\#($0.0)", "risk": "\#($0.1)"}"# }
        return """
            {"id": "\(id)", "title": "Question \(id)?", "description": "About \(id).",
             "choices": [\(choices.joined(separator: ","))], "riskRules": [\(ruleTexts.joined(separator: ","))]}
            """
    }

    static func importing(_ text: String, id: String? = nil) throws -> (Questionnaire, [ValidationProblem]) {
        let result = try AWSLensImporter.importLens(bytes: Array(text.utf8), file: "lens.json", id: id)
        return (result.questionnaire, result.warnings)
    }

    /// The problems of a lens that must fail to import.
    static func failures(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ValidationProblem] {
        do {
            _ = try importing(text)
            Issue.record("expected the import to fail", sourceLocation: sourceLocation)
        } catch DataError.problems(let file, let problems) {
            #expect(file == "lens.json", sourceLocation: sourceLocation)
            return problems
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return []
    }

    /// Every subset of `ids`.
    static func subsets(of ids: [String]) -> [Set<String>] {
        (0..<(1 << ids.count)).map { mask in
            Set(ids.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
        }
    }
}

/// An evaluator of lens conditions written independently of `RuleExpression`: a shunting-yard
/// conversion to postfix, then a stack machine. Unknown ids are simply not selected.
private enum HandEvaluator {
    static func holds(_ condition: String, selected: Set<String>) -> Bool? {
        let trimmed = condition.trimmingCharacters(in: .whitespaces)
        if trimmed == "default" { return true }
        var tokens: [String] = []
        var current = ""
        var characters = Array(trimmed)[...]
        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
        }
        while let character = characters.popFirst() {
            switch character {
            case " ", "\t", "\n":
                flush()
            case "(", ")", "!":
                flush()
                tokens.append(String(character))
            case "&", "|":
                flush()
                guard characters.popFirst() == character else { return nil }
                tokens.append(String([character, character]))
            default:
                current.append(character)
            }
        }
        flush()
        let precedence = ["||": 1, "&&": 2, "!": 3]
        var output: [String] = []
        var operators: [String] = []
        for token in tokens {
            switch token {
            case "(", "!":
                operators.append(token)
            case ")":
                while let top = operators.last, top != "(" { output.append(operators.removeLast()) }
                guard operators.popLast() == "(" else { return nil }
                while operators.last == "!" { output.append(operators.removeLast()) }
            case "&&", "||":
                while let top = operators.last, top != "(", let rank = precedence[top],
                    let own = precedence[token], rank >= own
                {
                    output.append(operators.removeLast())
                }
                operators.append(token)
            default:
                output.append(token)
                while operators.last == "!" { output.append(operators.removeLast()) }
            }
        }
        while let top = operators.popLast() {
            if top == "(" { return nil }
            output.append(top)
        }
        var stack: [Bool] = []
        for token in output {
            switch token {
            case "!":
                guard let value = stack.popLast() else { return nil }
                stack.append(!value)
            case "&&", "||":
                guard let right = stack.popLast(), let left = stack.popLast() else { return nil }
                stack.append(token == "&&" ? left && right : left || right)
            default:
                stack.append(selected.contains(token))
            }
        }
        return stack.count == 1 ? stack.first : nil
    }

    /// The level of the first of a lens question's `riskRules` that holds.
    static func level(rules: [[String: Any]], selected: Set<String>) -> Int? {
        let levels = ["HIGH_RISK": 1, "MEDIUM_RISK": 2, "NO_RISK": 3]
        for rule in rules {
            guard let condition = rule["condition"] as? String, let risk = rule["risk"] as? String else { continue }
            if holds(condition, selected: selected) == true { return levels[risk] }
        }
        return nil
    }
}

/// The real lenses under `../shared/fixtures/aws-lenses`, if that folder exists.
private enum RealLenses {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures/aws-lenses")
    }

    /// The folder, or nil (with a printed note) when it is absent.
    static func available() -> URL? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return folder
        }
        print("note: \(folder.path) is absent; the real-lens tests are skipped")
        return nil
    }

    static let importable = [
        "Amazon_ECS_Lens.json", "ORR-Whitepaper-Sample-PUBLISHED.json", "Passport-Custom-Lens.json",
    ]
    static let withNaN = "custom-lens-emr-spark-v1.0.json"

    static func bytes(_ name: String, in folder: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

private func warning(_ warnings: [ValidationProblem], at path: String, containing fragment: String) -> Bool {
    warnings.contains { $0.severity == .warning && $0.path == path && $0.message.contains(fragment) }
}

private func error(_ problems: [ValidationProblem], at path: String, containing fragment: String) -> Bool {
    problems.contains { $0.severity == .error && $0.path == path && $0.message.contains(fragment) }
}

// MARK: - Mapping

@Suite("AWSLensImporter: mapping")
struct AWSLensMappingTests {
    static let basic = Lens.text(pillars: [
        [
            Lens.question(
                "Q1", choices: ["Q1_a", "Q1_b", "Q1_no"],
                rules: [("Q1_a && Q1_b", "NO_RISK"), ("Q1_a || Q1_b", "MEDIUM_RISK"), ("default", "HIGH_RISK")]),
            Lens.question("Q2", choices: ["x", "y"], rules: [("x", "NO_RISK"), ("default", "HIGH_RISK")]),
        ],
        [Lens.question("Q3", choices: ["z"], rules: [("z", "NO_RISK"), ("default", "MEDIUM_RISK")])],
    ])

    @Test func mapsLensPillarsQuestionsChoicesAndRules() throws {
        let (questionnaire, warnings) = try Lens.importing(Self.basic)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(questionnaire.id == "test-lens")
        #expect(questionnaire.title == "Test Lens")
        #expect(questionnaire.description == "A lens for tests.")
        #expect(questionnaire.version == "1.0.0")
        #expect(questionnaire.scale.map(\.level) == [1, 2, 3])
        #expect(questionnaire.scale.map(\.name) == ["High risk", "Medium risk", "No risk"])
        #expect(questionnaire.domains.map(\.id) == ["P1", "P2"])
        #expect(questionnaire.domains.map(\.name) == ["Pillar 1", "Pillar 2"])
        let question = try #require(questionnaire.domains.first?.questions.first)
        #expect(question.id == "Q1")
        #expect(question.text == "Question Q1?")
        #expect(question.help == "About Q1.")
        #expect(question.kind == .choices)
        #expect(question.effectiveWeight == 1)
        #expect(question.choices?.map(\.id) == ["Q1_a", "Q1_b", "Q1_no"])
        #expect(question.noneChoice == "Q1_no")
        let first = try #require(question.choices?.first)
        #expect(first.title == "Practice Q1_a")
        #expect(first.help == "Why Q1_a. (https://example.com/Q1_a)")
        #expect(first.improvement == "Do Q1_a.")
        #expect(question.choices?.last?.improvement == nil)
        #expect(
            question.rules == [
                Rule(when: "Q1_a && Q1_b", level: 3), Rule(when: "Q1_a || Q1_b", level: 2),
                Rule(when: "default", level: 1),
            ])
        #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
    }

    @Test func idVersionAndNoneOfTheseTitle() throws {
        let question = """
            {"id": "Q", "title": "Q?", "choices": [
               {"id": "yes", "title": "Yes", "improvementPlan": {"displayText": "Do it."}},
               {"id": "nothing", "title": "  none of these "}],
             "riskRules": [{"condition": "yes", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]}
            """
        let text = Lens.text(pillars: [[question]], extra: #" "_version": 2.5,"#)
        let (imported, warnings) = try Lens.importing(text, id: "my-lens")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(imported.id == "my-lens")
        #expect(imported.version == "2.5")
        #expect(imported.domains.first?.questions.first?.noneChoice == "nothing")
        let versioned = Lens.text(pillars: [[question]], extra: #" "version": "3.1.0","#)
        #expect(try Lens.importing(versioned).0.version == "3.1.0")
    }

    @Test func slugsAndPlainText() {
        #expect(AWSLensImporter.slug("Amazon ECS Lens") == "amazon-ecs-lens")
        #expect(AWSLensImporter.slug("  Équipe — Ops/Run!  ") == "equipe-ops-run")
        #expect(AWSLensImporter.slug("日本") == "imported-lens")
        #expect(AWSLensImporter.plainText("<p>Use <b>tags</b> &amp; entities</p>") == "Use tags & entities")
        #expect(AWSLensImporter.plainText("a<br/>b<br>c") == "a\nb\nc")
        #expect(AWSLensImporter.plainText("<ul><li>one</li><li>two</li></ul>") == "- one\n- two")
        #expect(AWSLensImporter.plainText("line 1\r\nline 2\rline 3") == "line 1\nline 2\nline 3")
        #expect(
            AWSLensImporter.plainText("HDFS > 80% and x < 3 &unknown; &#65;&#x42;")
                == "HDFS > 80% and x < 3 &unknown; AB")
        #expect(AWSLensImporter.plainText("&lt;b&gt; stays  literal ") == "<b> stays literal")
        #expect(AWSLensImporter.plainText("<a href=\"https://x\">link</a> <!-- note -->") == "link")
    }

    @Test func toleratesBOMCRLFUnknownKeysCapitalisedAndEmptyURLsAndHTML() throws {
        let text = """
            {"schemaVersion": "2021-11-01", "name": "Tolerant <i>Lens</i>", "vendorExtension": {"a": [1, 2]},\r
             "pillars": [{"id": "P", "name": "Pillar", "unknown": true, "questions": [\r
               {"id": "Q", "title": "Is it <b>tolerant</b>?", "description": "Line one\\r\\nLine two",\r
                "url": "", "choices": [\r
                  {"id": "a", "title": "A &amp; B", "Notes": "ignored",\r
                   "helpfulResource": {"displayText": "<p>Help</p>", "Url": "https://example.com/a"},\r
                   "improvementPlan": {"displayText": "Improve <em>a</em>.", "url": "  "}},\r
                  {"id": "Q_no", "title": "None of these"}],\r
                "riskRules": [{"condition": "a", "risk": "NO_RISK", "extra": 1},\r
                              {"condition": "default", "risk": "HIGH_RISK"}]}]}]}\r\n
            """
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        let result = try AWSLensImporter.importLens(bytes: bytes, file: "lens.json", id: nil)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        let questionnaire = result.questionnaire
        #expect(questionnaire.title == "Tolerant Lens")
        let question = try #require(questionnaire.domains.first?.questions.first)
        #expect(question.text == "Is it tolerant?")
        #expect(question.help == "Line one\nLine two")
        let choice = try #require(question.choices?.first)
        #expect(choice.title == "A & B")
        #expect(choice.help == "Help (https://example.com/a)")
        #expect(choice.improvement == "Improve a.")
        #expect(question.noneChoice == "Q_no")
    }

    @Test func additionalResourcesAndQuestionURLJoinTheTexts() throws {
        let question = """
            {"id": "Q", "title": "Q?", "description": "About.", "url": "https://example.com/q",
             "choices": [{"id": "a", "title": "A", "description": "What a is.",
               "helpfulResource": {"displayText": "Help."},
               "improvementPlan": {"displayText": "Improve.", "url": "https://example.com/plan"},
               "additionalResources": [
                 {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "Guide", "url": "https://example.com/g"}]},
                 {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "Blog", "url": "https://example.com/b"},
                                                          {"url": "https://example.com/c"}]}]}],
             "riskRules": [{"condition": "a", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]}
            """
        let (questionnaire, warnings) = try Lens.importing(Lens.text(pillars: [[question]]))
        #expect(warnings.isEmpty, "\(warnings)")
        let imported = try #require(questionnaire.domains.first?.questions.first)
        #expect(imported.help == "About.\n\nhttps://example.com/q")
        let choice = try #require(imported.choices?.first)
        #expect(choice.help == "What a is.\n\nHelp.\n\nMore: Guide (https://example.com/g)")
        #expect(
            choice.improvement
                == "Improve. (https://example.com/plan)\n\nMore: Blog (https://example.com/b); https://example.com/c")
    }
}

// MARK: - Warnings and errors

@Suite("AWSLensImporter: warnings and errors")
struct AWSLensProblemTests {
    static let rulesPath = "pillars[0].questions[0].riskRules"

    static func single(choices: [String] = ["a", "b"], rules: [(String, String)]) -> String {
        Lens.text(pillars: [[Lens.question("Q", choices: choices, rules: rules)]])
    }

    /// Imports a lens that must succeed, checking that the result validates with no errors.
    static func warnings(_ text: String) throws -> [ValidationProblem] {
        let (questionnaire, warnings) = try Lens.importing(text)
        #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
        #expect(warnings.allSatisfy { $0.severity == .warning })
        return warnings
    }

    @Test func missingDefaultRule() throws {
        let warnings = try Self.warnings(Self.single(rules: [("a", "NO_RISK"), ("b", "HIGH_RISK")]))
        #expect(warning(warnings, at: Self.rulesPath, containing: "no \"default\" rule"), "\(warnings)")
    }

    @Test func duplicateRiskLevel() throws {
        let warnings = try Self.warnings(
            Self.single(rules: [("a && b", "NO_RISK"), ("a", "NO_RISK"), ("default", "HIGH_RISK")]))
        #expect(
            warning(warnings, at: Self.rulesPath + "[1].risk", containing: "NO_RISK is already given by riskRules[0]"),
            "\(warnings)")
    }

    @Test func identicalCondition() throws {
        let warnings = try Self.warnings(
            Self.single(rules: [("a && b", "NO_RISK"), ("a&&b", "MEDIUM_RISK"), ("default", "HIGH_RISK")]))
        #expect(
            warning(warnings, at: Self.rulesPath + "[1].condition", containing: "same condition as riskRules[0]"),
            "\(warnings)")
        #expect(warnings.filter { $0.path == Self.rulesPath + "[1].condition" }.count == 1)
    }

    @Test func unreachableCondition() throws {
        let warnings = try Self.warnings(
            Self.single(rules: [("a", "NO_RISK"), ("a && b", "MEDIUM_RISK"), ("default", "HIGH_RISK")]))
        #expect(
            warning(warnings, at: Self.rulesPath + "[1].condition", containing: "no selection of choices reaches"),
            "\(warnings)")
        #expect(warnings.count == 1)
    }

    @Test func unreachableConditionWithMoreChoicesThanTheValidatorSearches() throws {
        let ids = (1...14).map { "c\($0)" }
        let warnings = try Self.warnings(
            Self.single(
                choices: ids, rules: [("c1", "NO_RISK"), ("c1 && c2", "MEDIUM_RISK"), ("default", "HIGH_RISK")]))
        #expect(
            warning(warnings, at: Self.rulesPath + "[1].condition", containing: "no selection of choices reaches"),
            "\(warnings)")
    }

    @Test func defaultNotLastIsReportedAtTheLensPath() throws {
        let warnings = try Self.warnings(Self.single(rules: [("default", "HIGH_RISK"), ("a", "NO_RISK")]))
        #expect(
            warning(warnings, at: Self.rulesPath + "[0].condition", containing: "default rule is not last"),
            "\(warnings)")
        #expect(warning(warnings, at: Self.rulesPath + "[1].condition", containing: "no selection"), "\(warnings)")
    }

    @Test func otherSchemaVersionSecondNoneChoiceAndMissingImprovementPlan() throws {
        let question = """
            {"id": "Q", "title": "Q?", "choices": [{"id": "a", "title": "A"}, {"id": "Q_no", "title": "None of these"},
               {"id": "Q2_no", "title": "Nothing"}],
             "riskRules": [{"condition": "a", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]}
            """
        let text = Lens.text(pillars: [[question]]).replacingOccurrences(of: "2021-11-01", with: "2099-01-01")
        let warnings = try Self.warnings(text)
        #expect(warning(warnings, at: "schemaVersion", containing: "2021-11-01"), "\(warnings)")
        #expect(
            warning(warnings, at: "pillars[0].questions[0].choices[2].id", containing: "only choices[1]"),
            "\(warnings)")
        #expect(
            warning(warnings, at: "pillars[0].questions[0].choices[0]", containing: "no improvementPlan"),
            "\(warnings)")
    }

    @Test func unknownChoiceIDsAreWarningsAndReadAsNeverSelected() throws {
        let rules: [(String, String)] = [
            ("a && ghost", "NO_RISK"), ("a || ghost", "MEDIUM_RISK"), ("!(ghost && a) && b", "HIGH_RISK"),
            ("default", "HIGH_RISK"),
        ]
        let text = Self.single(rules: rules)
        let (questionnaire, warnings) = try Lens.importing(text)
        #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
        #expect(
            warning(warnings, at: Self.rulesPath + "[0].condition", containing: "unknown choice \"ghost\""),
            "\(warnings)")
        #expect(warning(warnings, at: Self.rulesPath + "[0].condition", containing: "left out"))
        #expect(warning(warnings, at: Self.rulesPath + "[1].condition", containing: "imported as \"a\""))
        #expect(warning(warnings, at: Self.rulesPath + "[2].condition", containing: "imported as \"b\""))
        let question = try #require(questionnaire.domains.first?.questions.first)
        #expect(question.rules?.map(\.when) == ["a", "b", "default"])
        for selected in Lens.subsets(of: ["a", "b"]) {
            let expected = HandEvaluator.level(
                rules: rules.map { ["condition": $0.0, "risk": $0.1] }, selected: selected)
            #expect(ChoiceScoring.level(of: question, selected: Array(selected)) == expected, "\(selected)")
        }
    }

    @Test func unknownChoiceThatAlwaysHoldsBecomesDefault() throws {
        let text = Self.single(rules: [("!ghost", "MEDIUM_RISK"), ("a", "NO_RISK"), ("default", "HIGH_RISK")])
        let (questionnaire, warnings) = try Lens.importing(text)
        #expect(warning(warnings, at: Self.rulesPath + "[0].condition", containing: "imported as \"default\""))
        #expect(warning(warnings, at: Self.rulesPath + "[0].condition", containing: "default rule is not last"))
        #expect(warning(warnings, at: Self.rulesPath + "[1].condition", containing: "no selection"))
        #expect(questionnaire.domains.first?.questions.first?.rules?.first?.when == "default")
    }

    @Test func literalNaNIsASyntaxErrorWithLineAndColumn() {
        let text = "{\"schemaVersion\": \"2021-11-01\",\n \"name\": NaN, \"pillars\": []}"
        #expect {
            try Lens.importing(text)
        } throws: { error in
            guard case DataError.syntax(let file, let line, let column, let message) = error else { return false }
            return file == "lens.json" && line == 2 && column == 10 && message.contains("NaN")
        }
    }

    @Test func unparsableConditionIsAnError() {
        let problems = Lens.failures(Self.single(rules: [("a && || b", "NO_RISK"), ("default", "HIGH_RISK")]))
        #expect(error(problems, at: Self.rulesPath + "[0].condition", containing: "does not parse"), "\(problems)")
        #expect(problems.filter { $0.severity == .error }.count == 1, "\(problems)")
    }

    @Test func unbalancedParenthesisAndStrayCharacterAreErrors() {
        let problems = Lens.failures(
            Self.single(rules: [("(a && b", "NO_RISK"), ("a & b", "MEDIUM_RISK"), ("default", "HIGH_RISK")]))
        #expect(error(problems, at: Self.rulesPath + "[0].condition", containing: "not closed"), "\(problems)")
        #expect(error(problems, at: Self.rulesPath + "[1].condition", containing: "single '&'"), "\(problems)")
    }

    @Test func unknownRiskIsAnError() {
        let problems = Lens.failures(Self.single(rules: [("a", "LOW_RISK"), ("default", "HIGH_RISK")]))
        #expect(error(problems, at: Self.rulesPath + "[0].risk", containing: "LOW_RISK"), "\(problems)")
    }

    @Test func missingAndMistypedMembersAreErrors() {
        let text = """
            {"schemaVersion": "2021-11-01", "name": "L", "pillars": [{"id": "P", "name": "P", "questions": [
              {"id": "Q", "choices": [{"id": "a", "title": 7}], "riskRules": [{"risk": "NO_RISK"}]},
              {"id": "R", "title": "R?", "choices": "a, b", "riskRules": []}]}]}
            """
        let problems = Lens.failures(text)
        #expect(error(problems, at: "pillars[0].questions[0].title", containing: "needs \"title\""), "\(problems)")
        #expect(error(problems, at: "pillars[0].questions[0].choices[0].title", containing: "the number 7"))
        #expect(error(problems, at: "pillars[0].questions[0].riskRules[0]", containing: "\"condition\""))
        #expect(error(problems, at: "pillars[0].questions[1].choices", containing: "expected an array"))
        #expect(error(problems, at: "pillars[0].questions[1].riskRules", containing: "needs risk rules"))
    }

    @Test func notALensObjectIsAnError() {
        let problems = Lens.failures("[1, 2]")
        #expect(error(problems, at: "$", containing: "expected a lens object"), "\(problems)")
        let noPillars = Lens.failures(#"{"schemaVersion": "2021-11-01", "name": "L"}"#)
        #expect(error(noPillars, at: "pillars", containing: "needs \"pillars\""), "\(noPillars)")
    }

    @Test func validatorErrorsAreReportedAtLensPaths() {
        let text = Lens.text(pillars: [
            [Lens.question("Q", choices: ["a"], rules: [("a", "NO_RISK"), ("default", "HIGH_RISK")])],
            [Lens.question("Q", choices: [], rules: [("default", "HIGH_RISK")])],
        ])
        let problems = Lens.failures(text)
        #expect(error(problems, at: "pillars[1].questions[0].id", containing: "duplicate question id"), "\(problems)")
        #expect(error(problems, at: "pillars[1].questions[0].choices", containing: "at least one choice"))
    }

    @Test func errorsCarryTheWarningsFoundAlongside() {
        let problems = Lens.failures(Self.single(rules: [("a ||", "NO_RISK"), ("b", "NO_RISK")]))
        #expect(error(problems, at: Self.rulesPath + "[0].condition", containing: "does not parse"))
        #expect(warning(problems, at: Self.rulesPath + "[1].risk", containing: "already given"), "\(problems)")
        let description = DataError.problems(file: "lens.json", problems).errorDescription ?? ""
        #expect(description.contains("lens.json: pillars[0].questions[0].riskRules[0].condition: error:"))
    }
}

// MARK: - Conditions

@Suite("AWSLensImporter: conditions")
struct AWSLensConditionTests {
    /// Imports one question with choices a, b, c and the single rule `condition` → NO_RISK, then
    /// `default` → HIGH_RISK, and checks every selection against `expected`.
    static func check(
        _ condition: String, expected: (Bool, Bool, Bool) -> Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let text = Lens.text(pillars: [
            [Lens.question("Q", choices: ["a", "b", "c"], rules: [(condition, "NO_RISK"), ("default", "HIGH_RISK")])]
        ])
        let (questionnaire, _) = try Lens.importing(text)
        let question = try #require(questionnaire.domains.first?.questions.first, sourceLocation: sourceLocation)
        #expect(question.rules?.first?.when == condition, sourceLocation: sourceLocation)
        for selected in Lens.subsets(of: ["a", "b", "c"]) {
            let holds = expected(selected.contains("a"), selected.contains("b"), selected.contains("c"))
            let level = ChoiceScoring.level(of: question, selected: Array(selected))
            #expect(level == (holds ? 3 : 1), "\(condition) with \(selected.sorted())", sourceLocation: sourceLocation)
            #expect(
                HandEvaluator.holds(condition, selected: selected) == holds, "hand evaluator: \(condition)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func andBindsTighterThanOr() throws {
        try Self.check("a && !b || c") { a, b, c in (a && !b) || c }
        try Self.check("c || a && b") { a, b, c in c || (a && b) }
    }

    @Test func notBindsTighterThanAnd() throws {
        try Self.check("!a && b") { a, b, _ in !a && b }
        try Self.check("!!a") { a, _, _ in a }
    }

    @Test func parenthesesOverridePrecedence() throws {
        try Self.check("a && (b || c)") { a, b, c in a && (b || c) }
        try Self.check("!(a && b)") { a, b, _ in !(a && b) }
        try Self.check("((!a || !b) && !c)") { a, b, c in (!a || !b) && !c }
        try Self.check("(!a && b) || (!b && a)") { a, b, _ in a != b }
    }

    @Test func firstMatchingRuleWins() throws {
        let text = Lens.text(pillars: [
            [
                Lens.question(
                    "Q", choices: ["a", "b", "Q_no"],
                    rules: [("a && b", "NO_RISK"), ("a || b", "MEDIUM_RISK"), ("default", "HIGH_RISK")])
            ]
        ])
        let question = try #require(try Lens.importing(text).0.domains.first?.questions.first)
        #expect(ChoiceScoring.level(of: question, selected: ["a", "b"]) == 3)
        #expect(ChoiceScoring.level(of: question, selected: ["b"]) == 2)
        #expect(ChoiceScoring.level(of: question, selected: ["Q_no"]) == 1)
        #expect(ChoiceScoring.level(of: question, selected: []) == 1)
    }
}

// MARK: - Scoring, planning, round trip

@Suite("AWSLensImporter: use of the imported questionnaire")
struct AWSLensUseTests {
    @Test func scoredByItsRulesAndRoadmapStepsAreTheImprovementPlans() throws {
        let (questionnaire, _) = try Lens.importing(AWSLensMappingTests.basic)
        let assessment = Fixtures.assessment(
            answers: [
                "Q1": Answer(choices: ["Q1_a"]), "Q2": Answer(choices: ["x"]), "Q3": Answer(choices: []),
            ],
            targets: ["P1": 3, "P2": 3])
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire)
        #expect(card.domains.map(\.score) == [2.5, 2])
        #expect(card.overall.score == 2.25)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        let steps = roadmap.milestones.flatMap(\.steps) + roadmap.backlog
        // Q1 (Q1_a: medium) reaches no risk once Q1_b is in place; Q3 (nothing: medium) with z.
        #expect(Set(steps.map(\.id)) == ["Q1@3", "Q3@3"])
        #expect(Set(steps.map(\.action)) == ["Do Q1_b.", "Do z."])
        #expect(roadmap.step(id: "Q1@3")?.choices == ["Q1_b"])
        #expect(roadmap.step(id: "Q1@3")?.fromLevel == 2)
    }

    /// A step to the next risk level lists the fewest choices whose selection makes the lens's
    /// rules yield it, not one step per unticked choice.
    @Test func stepsFollowTheLensRulesWithTheFewestChoices() throws {
        let text = Lens.text(pillars: [
            [
                Lens.question(
                    "A", choices: ["a", "b", "c", "d", "A_no"],
                    rules: [("a && b", "NO_RISK"), ("c || d", "MEDIUM_RISK"), ("default", "HIGH_RISK")]),
                Lens.question(
                    "B", choices: ["p", "q", "r"],
                    rules: [("p", "NO_RISK"), ("q && r", "MEDIUM_RISK"), ("default", "HIGH_RISK")]),
            ]
        ])
        let (questionnaire, _) = try Lens.importing(text)
        var assessment = Fixtures.assessment(
            answers: ["A": Answer(choices: ["A_no"]), "B": Answer(choices: [])], targets: ["P1": 3])
        assessment.deliver.capacityPerQuarter = 10
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        // A: high → medium with c alone (the first of the single choices that do), then no risk
        // with a and b together, a quarter later; "none of these" is set aside.
        #expect(roadmap.step(id: "A@2")?.choices == ["c"])
        #expect(roadmap.step(id: "A@3")?.choices == ["a", "b"])
        #expect(roadmap.step(id: "A@3")?.action == "Put in place together: Practice a; Practice b.")
        #expect(roadmap.step(id: "A@2")?.quarter == Fixtures.period("2027-Q1"))
        #expect(roadmap.step(id: "A@3")?.quarter == Fixtures.period("2027-Q2"))
        // B: p alone yields no risk: one step from high straight to no risk.
        #expect(roadmap.allSteps.filter { $0.questionID == "B" }.map(\.id) == ["B@3"])
        #expect(roadmap.step(id: "B@3")?.choices == ["p"])
        #expect(roadmap.step(id: "B@3")?.fromLevel == 1)
        // Projected: once done, both questions are at no risk.
        #expect(roadmap.milestones.last?.projectedOverall == 3)
    }

    @Test func conformsToTheQuestionnaireSchema() throws {
        let (questionnaire, _) = try Lens.importing(AWSLensMappingTests.basic)
        let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Questionnaires/schema/questionnaire.schema.json")
        let schema = try JSONParser.parse(String(contentsOfFile: schemaPath.path, encoding: .utf8))
        let document = try JSONParser.parse(DocumentWriter.text(of: questionnaire))
        let violations = try SchemaSubsetValidator(schema: schema).violations(of: document)
        #expect(violations.isEmpty, "\(violations.map(\.description))")
    }

    @Test func roundTripsThroughTheQuestionnaireFormat() throws {
        let (questionnaire, _) = try Lens.importing(AWSLensMappingTests.basic)
        let text = try DocumentWriter.text(of: questionnaire)
        let loaded = try DocumentLoader.questionnaire(from: Array(text.utf8), file: "imported.json")
        #expect(loaded == questionnaire)
    }
}

// MARK: - Real lenses

@Suite("AWSLensImporter: real lenses")
struct AWSLensRealTests {
    @Test func everyRealLensImportsValidatesAndRoundTrips() throws {
        guard let folder = RealLenses.available() else { return }
        for name in RealLenses.importable {
            let bytes = try RealLenses.bytes(name, in: folder)
            let (questionnaire, warnings) = try AWSLensImporter.importLens(bytes: bytes, file: name, id: nil)
            let problems = QuestionnaireValidator.problems(questionnaire)
            #expect(!QuestionnaireValidator.hasErrors(problems), "\(name): \(problems)")
            #expect(warnings.allSatisfy { $0.severity == .warning }, "\(name)")
            let lens = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let pillars = lens["pillars"] as? [[String: Any]] ?? []
            #expect(questionnaire.domains.map(\.id) == pillars.compactMap { $0["id"] as? String }, "\(name)")
            for (domain, pillar) in zip(questionnaire.domains, pillars) {
                let lensQuestions = pillar["questions"] as? [[String: Any]] ?? []
                #expect(domain.questions.map(\.id) == lensQuestions.compactMap { $0["id"] as? String })
                for (question, lensQuestion) in zip(domain.questions, lensQuestions) {
                    let lensChoices = lensQuestion["choices"] as? [[String: Any]] ?? []
                    #expect(question.choices?.map(\.id) == lensChoices.compactMap { $0["id"] as? String })
                    #expect(question.rules?.count == (lensQuestion["riskRules"] as? [Any])?.count)
                }
            }
            let text = try DocumentWriter.text(of: questionnaire)
            #expect(try DocumentLoader.questionnaire(from: Array(text.utf8), file: name) == questionnaire, "\(name)")
        }
    }

    @Test func realLensDetails() throws {
        guard let folder = RealLenses.available() else { return }
        let ecs = try AWSLensImporter.importLens(
            bytes: RealLenses.bytes("Amazon_ECS_Lens.json", in: folder), file: "ecs", id: nil)
        #expect(ecs.questionnaire.id == "amazon-ecs-lens")
        #expect(ecs.questionnaire.domains.first?.questions.first?.noneChoice == "RUN1_3_no")
        #expect(warning(ecs.warnings, at: "pillars[1].questions[2].riskRules", containing: "no \"default\" rule"))
        let orr = try AWSLensImporter.importLens(
            bytes: RealLenses.bytes("ORR-Whitepaper-Sample-PUBLISHED.json", in: folder), file: "orr", id: nil)
        let choice = orr.questionnaire.domains.first?.questions[safe: 3]?.choices?[safe: 1]
        #expect(choice?.id == "aws_services")
        #expect(
            choice?.help?.hasSuffix(
                "(https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/)")
                == true)
    }

    @Test func theLensWithALiteralNaNFailsWithItsLineAndColumn() throws {
        guard let folder = RealLenses.available() else { return }
        let bytes = try RealLenses.bytes(RealLenses.withNaN, in: folder)
        #expect {
            try AWSLensImporter.importLens(bytes: bytes, file: RealLenses.withNaN, id: nil)
        } throws: { error in
            guard case DataError.syntax(_, let line, let column, let message) = error else { return false }
            return line == 1448 && column == 30 && message.contains("NaN")
        }
    }

    /// For generated selections, the score equals the lens's own risk rules evaluated by the
    /// test's hand-written evaluator.
    @Test func scoresEqualTheLensRulesEvaluatedByHand() throws {
        guard let folder = RealLenses.available() else { return }
        var random = SplitMix(seed: 20_261_104)
        for name in RealLenses.importable {
            let bytes = try RealLenses.bytes(name, in: folder)
            let (questionnaire, _) = try AWSLensImporter.importLens(bytes: bytes, file: name, id: nil)
            let lens = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let pillars = lens["pillars"] as? [[String: Any]] ?? []
            for round in 0..<6 {
                var answers: [String: Answer] = [:]
                var expectedDomains: [Double?] = []
                for pillar in pillars {
                    var levels: [Int] = []
                    for lensQuestion in pillar["questions"] as? [[String: Any]] ?? [] {
                        guard let id = lensQuestion["id"] as? String else { continue }
                        let ids = (lensQuestion["choices"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                        let selected: [String]
                        switch round {
                        case 0: selected = []
                        case 1: selected = ids.filter { !$0.hasSuffix("_no") }
                        default: selected = ids.filter { _ in random.next() % 2 == 0 }
                        }
                        answers[id] = Answer(choices: selected)
                        let rules = lensQuestion["riskRules"] as? [[String: Any]] ?? []
                        if let level = HandEvaluator.level(rules: rules, selected: Set(selected)) {
                            levels.append(level)
                        }
                    }
                    expectedDomains.append(
                        levels.isEmpty ? nil : Double(levels.reduce(0, +)) / Double(levels.count))
                }
                let card = ScoreCalculator.score(Fixtures.assessment(answers: answers), questionnaire: questionnaire)
                let scored = expectedDomains.compactMap { $0 }
                let expectedOverall = scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count)
                #expect(card.domains.count == expectedDomains.count)
                for (domain, expected) in zip(card.domains, expectedDomains) {
                    #expect(close(domain.score, expected), "\(name) round \(round) \(domain.id)")
                }
                #expect(close(card.overall.score, expectedOverall), "\(name) round \(round)")
            }
        }
    }

    /// The risk view (counts per pillar, worst risk, high and medium lists, improvement plan)
    /// equals what the lens's own rules give when evaluated by hand on the raw lens file.
    @Test func theRiskViewEqualsTheLensRulesEvaluatedByHand() throws {
        guard let folder = RealLenses.available() else { return }
        var random = SplitMix(seed: 20_261_130)
        let names = [1: "High risk", 2: "Medium risk", 3: "No risk"]
        for name in RealLenses.importable {
            let bytes = try RealLenses.bytes(name, in: folder)
            let (questionnaire, _) = try AWSLensImporter.importLens(bytes: bytes, file: name, id: nil)
            let lens = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let pillars = lens["pillars"] as? [[String: Any]] ?? []
            for round in 0..<4 {
                var answers: [String: Answer] = [:]
                var counts: [[Int]] = []
                var worst: [String?] = []
                var high: [String] = []
                var medium: [String] = []
                var plan: [(level: Int, item: String)] = []
                for pillar in pillars {
                    var count = [0, 0, 0, 0, 0]  // high, medium, no risk, unanswered, not applicable
                    var lowest: Int?
                    for lensQuestion in pillar["questions"] as? [[String: Any]] ?? [] {
                        guard let id = lensQuestion["id"] as? String else { continue }
                        let choices = lensQuestion["choices"] as? [[String: Any]] ?? []
                        let ids = choices.compactMap { $0["id"] as? String }
                        switch random.next() % 8 {
                        case 0:
                            count[3] += 1
                            continue
                        case 1:
                            answers[id] = .notApplicable(reason: "not here")
                            count[4] += 1
                            continue
                        default: break
                        }
                        let selected = round == 0 ? [] : ids.filter { _ in random.next() % 2 == 0 }
                        answers[id] = Answer(choices: selected)
                        let rules = lensQuestion["riskRules"] as? [[String: Any]] ?? []
                        guard let level = HandEvaluator.level(rules: rules, selected: Set(selected)) else {
                            count[3] += 1
                            continue
                        }
                        count[level - 1] += 1
                        lowest = min(lowest ?? level, level)
                        if level == 1 { high.append(id) }
                        if level == 2 { medium.append(id) }
                        guard level < 3 else { continue }
                        let none =
                            ids.first { $0.hasSuffix("_no") }
                            ?? choices.first { ($0["title"] as? String) == "None of these" }?["id"] as? String
                        for choice in ids where choice != none && !selected.contains(choice) {
                            plan.append((level, "\(id)/\(choice)"))
                        }
                    }
                    counts.append(count)
                    worst.append(lowest.flatMap { names[$0] })
                }
                var assessment = Fixtures.assessment(answers: answers)
                assessment.questionnaire = QuestionnaireReference(id: questionnaire.id, version: questionnaire.version)
                let view = try #require(RiskView.make(assessment, questionnaire: questionnaire))
                let label = "\(name) round \(round)"
                #expect(
                    view.domains.map { $0.counts.map(\.count) + [$0.unanswered, $0.notApplicable] } == counts,
                    "\(label)")
                #expect(view.domains.map(\.worst) == worst, "\(label)")
                #expect(view.high.map(\.questionID) == high, "\(label)")
                #expect(view.medium.map(\.questionID) == medium, "\(label)")
                let expectedPlan = plan.enumerated().sorted {
                    $0.element.level != $1.element.level ? $0.element.level < $1.element.level : $0.offset < $1.offset
                }.map(\.element.item)
                #expect(view.improvementPlan.map { "\($0.questionID)/\($0.choiceID)" } == expectedPlan, "\(label)")
            }
        }
    }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return abs(a - b) < 1e-9
        default: return false
        }
    }
}

/// A small deterministic random generator.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
