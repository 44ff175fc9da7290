import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// Inputs that are small but deep: a lens whose condition nests 100,000 parentheses, a
/// questionnaire whose `dependsOn` chain is 10,000 long, a template of 14,600 nested sections.
/// Each runs through the built binary in a child process on a 512 KiB stack (what macOS gives a
/// secondary thread), where recursion a few thousand levels deep overflows: a regression kills
/// the child, and the test fails on its exit status instead of taking the test run down. The
/// inputs are generated here rather than kept in the corpus.
@Suite("Deep inputs through the binary: a clean exit 65 or success, never a crash")
struct DeepInputTests {
    /// The child's stack, in KiB.
    static let stackKiB = 512

    /// Runs `opmodel arguments` in `sandbox` with its stack limited to `stackKiB`.
    static func run(_ arguments: [String], in sandbox: Sandbox, stackKiB: Int = stackKiB) throws -> BinaryRunner.Result
    {
        let process = BinaryRunner.configured(arguments, in: sandbox.root, environment: [:])
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            ["-c", "ulimit -s \(stackKiB) && exec \"$0\" \"$@\"", BinaryRunner.executable.path] + arguments
        return try BinaryRunner.run(process, input: "q\n")
    }

    /// The run ended with `status`, its messages name `file` and contain `fragments`, each on a
    /// line of reasonable length, and nothing crashed.
    static func expect(
        _ result: BinaryRunner.Result, status: Int32, naming file: String, _ fragments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let everything = result.errors + result.output
        #expect(
            result.status == status, "exit \(result.status)\n\(everything.prefix(2_000))",
            sourceLocation: sourceLocation)
        #expect(!everything.contains("Fatal error") && !everything.contains("crashed"), sourceLocation: sourceLocation)
        #expect(everything.contains(file), "the message names the file", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(
                everything.contains(fragment), "expected “\(fragment)” in\n\(everything.prefix(2_000))",
                sourceLocation: sourceLocation)
        }
        for line in everything.split(separator: "\n") {
            #expect(line.count <= 1_200, "a line of \(line.count) characters", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Lens conditions

    static func lens(condition: String) -> String {
        let condition = JSONWriter.quoted(condition)
        return """
            {"schemaVersion": "2021-11-01", "name": "Deep Lens", "description": "A lens.",
             "pillars": [{"id": "ops", "name": "Operations", "questions": [
              {"id": "q1", "title": "Is it observed?", "description": "About q1.",
               "choices": [{"id": "q1_a", "title": "Alerts", "improvementPlan": {"displayText": "Add alerts."}},
                           {"id": "q1_no", "title": "None of these"}],
               "riskRules": [{"condition": \(condition), "risk": "NO_RISK"},
                             {"condition": "default", "risk": "HIGH_RISK"}]}]}]}
            """
    }

    /// 100,000 parentheses, 210,000 '!', or 50,000 of each.
    static func deepCondition(_ kind: String) -> String {
        switch kind {
        case "parentheses": String(repeating: "(", count: 100_000) + "q1_a" + String(repeating: ")", count: 100_000)
        case "not": String(repeating: "!", count: 210_000) + "q1_a"
        default: String(repeating: "!(", count: 50_000) + "q1_a" + String(repeating: ")", count: 50_000)
        }
    }

    @Test(arguments: ["parentheses", "not", "mixed"])
    func aLensWithADeeplyNestedConditionIsRefusedAtItsPath(kind: String) throws {
        let condition = Self.deepCondition(kind)
        let sandbox = Sandbox()
        sandbox.write(Self.lens(condition: condition), to: "lens.json")
        let original = sandbox.read("lens.json")
        let result = try Self.run(["import", "lens", "lens.json", "--output", "out.json"], in: sandbox)
        Self.expect(
            result, status: 65, naming: "lens.json",
            [
                "lens.json: pillars[0].questions[0].riskRules[0].condition: error: the condition",
                "does not parse: parentheses and '!' are nested more than 64 levels deep (at character 65)",
            ])
        #expect(!sandbox.exists("out.json"), "nothing is written")
        #expect(sandbox.read("lens.json") == original)
    }

    /// A long run of one operator is wide, not deep: it imports, and the questionnaire it gives
    /// validates, on the small stack.
    @Test func aLensWithALongRunOfAndImports() throws {
        let sandbox = Sandbox()
        let condition = Array(repeating: "q1_a", count: 20_000).joined(separator: " && ")
        sandbox.write(Self.lens(condition: condition), to: "lens.json")
        let imported = try Self.run(["import", "lens", "lens.json", "--output", "out.json"], in: sandbox)
        Self.expect(imported, status: 0, naming: "out.json", [])
        let validated = try Self.run(["validate", "out.json"], in: sandbox)
        Self.expect(validated, status: 0, naming: "out.json", ["valid questionnaire"])
    }

    // MARK: - dependsOn chains

    /// A questionnaire of `count` questions where question i depends on `dependency(i)`.
    static func questionnaire(count: Int, dependency: (Int) -> Int?) -> String {
        let questions = (0..<count).map { index in
            let dependsOn = dependency(index).map { #", "dependsOn": ["Q\#($0)"]"# } ?? ""
            return
                #"{"id": "Q\#(index)", "text": "t", "levels": {"1": "a", "2": "b"}, "next": {"1": "n"}\#(dependsOn)}"#
        }
        return """
            {"format": "opmodel.questionnaire", "formatVersion": 1, "id": "chain", "version": "1", "title": "Chain",
             "scale": [{"level": 1, "name": "One"}, {"level": 2, "name": "Two"}], "kpis": [],
             "domains": [{"id": "d", "name": "D", "questions": [
            \(questions.joined(separator: ",\n"))]}]}
            """
    }

    @Test func aLongDependencyCycleIsOneShortError() throws {
        let sandbox = Sandbox()
        let count = 10_000
        sandbox.write(Self.questionnaire(count: count) { ($0 + count - 1) % count }, to: "cycle.json")
        let result = try Self.run(["validate", "cycle.json"], in: sandbox)
        Self.expect(
            result, status: 65, naming: "cycle.json",
            [
                "cycle.json: domains[0].questions[0].dependsOn: error: dependsOn has a cycle of 10000 questions: "
                    + "Q0 → Q9999 → Q9998 → Q9997 → Q9996 → … → Q2 → Q1 → Q0",
                "1 error in questionnaire",
            ])
    }

    @Test func aLongDependencyChainIsValid() throws {
        let sandbox = Sandbox()
        let count = 10_000
        sandbox.write(Self.questionnaire(count: count) { $0 + 1 < count ? $0 + 1 : nil }, to: "chain.json")
        let result = try Self.run(["validate", "chain.json"], in: sandbox)
        Self.expect(result, status: 0, naming: "chain.json", ["valid questionnaire"])
    }

    // MARK: - Template sections

    @Test func aTemplateOfThousandsOfNestedSectionsIsRefusedAtTheSixtyFifth() throws {
        let sandbox = Sandbox()
        let depth = 14_600  // 438 KB
        let template =
            String(repeating: "{{#assessment}}", count: depth) + "{{team}}"
            + String(repeating: "{{/assessment}}", count: depth) + "\n"
        sandbox.write(template, to: "deep.md")
        let fragment =
            "1:961: error: '{{#assessment}}' opens a section nested more than 64 levels deep, the most a template may have"
        let validated = try Self.run(["validate", "deep.md"], in: sandbox)
        Self.expect(validated, status: 65, naming: "deep.md", ["deep.md: " + fragment])

        try FileManager.default.copyItem(
            atPath: MalformedCorpusTests.corpusFolder + "/base-assessment.json", toPath: sandbox.path("base.json"))
        let reported = try Self.run(
            [
                "report", "base.json", "--template", "deep.md", "--questionnaire", CLIFixtures.miniQuestionnaire,
                "--output",
                "out.md",
            ], in: sandbox)
        Self.expect(reported, status: 65, naming: "deep.md", [fragment])
        #expect(!sandbox.exists("out.md"), "nothing is written")
    }

    // MARK: - JSON at the parser's depth limit

    /// `"deep": [[…[1]…]]` (or objects) nested to the parser's limit within a document.
    static func deepMember(_ text: String, object: Bool) -> String {
        let levels = JSONParser.maximumDepth - 1
        let (open, close) = object ? (#"{"k": "#, "}") : ("[", "]")
        let deep = String(repeating: open, count: levels) + "1" + String(repeating: close, count: levels)
        guard let end = text.lastIndex(of: "}") else { return text }
        return String(text[..<end]) + #", "deep": "# + deep + "}\n"
    }

    /// Every reader recurses over JSON values as deep as the parser allows (256 levels): a debug
    /// build needs about 1.5 MiB of stack for that, a release build less than 128 KiB, and every
    /// thread on Linux gets 8 MiB. Here the readers and writers run on half of that.
    @Test(arguments: [false, true])
    func membersNestedToTheParsersLimitAreReadAndWrittenBack(object: Bool) throws {
        let sandbox = Sandbox()
        let mini = try String(contentsOfFile: CLIFixtures.miniQuestionnaire, encoding: .utf8)
        let base = try String(
            contentsOfFile: MalformedCorpusTests.corpusFolder + "/base-assessment.json", encoding: .utf8)
        sandbox.write(Self.deepMember(mini, object: object), to: "q.json")
        sandbox.write(Self.deepMember(base, object: object), to: "assessments/platform/2026-Q4.json")
        let file = "assessments/platform/2026-Q4.json"
        let commands: [[String]] = [
            ["validate", "q.json"], ["score", file, "--questionnaire", "q.json"],
            ["report", file, "--questionnaire", "q.json", "--format", "json", "--output", "r.json"],
            ["portfolio", "--store", "assessments", "--questionnaire", "q.json"],
            ["assess", file, "--questionnaire", "q.json"],
        ]
        for arguments in commands {
            let result = try Self.run(arguments, in: sandbox, stackKiB: 4_096)
            #expect(result.status == 0, "\(arguments): exit \(result.status)\n\(result.errors.prefix(1_000))")
        }
        // `assess` saved the file on quitting; the deep member is still there.
        let saved = try sandbox.assessment(file)
        var depth = 0
        var value = saved.unknownMembers["deep"]
        while let inner = value?.arrayValue?.first ?? value?["k"] {
            depth += 1
            value = inner
        }
        #expect(depth == JSONParser.maximumDepth - 1)
    }
}
