import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// What `?` shows at a Discover question (quality criteria, references) and what Envision shows
/// before the room sets a KPI's target (benchmarks), over the mini questionnaire with those keys.
@Suite("Question help: criteria, references, benchmarks")
struct QuestionHelpTests {
    static let file = "assessments/platform/2026-Q4.json"

    /// The mini questionnaire with criteria for every level of OP-01, two references, and
    /// benchmarks for the mean time to restore, written into `sandbox`.
    static func questionnaire(in sandbox: Sandbox) throws -> String {
        var questionnaire = try DocumentLoader.loadQuestionnaire(
            at: CLIFixtures.miniQuestionnaire, fileSystem: LocalFileSystem())
        questionnaire.domains[0].questions[0].criteria = Dictionary(
            uniqueKeysWithValues: (1...5).map { level in
                (
                    String(level),
                    [
                        "Check \(level)a: a statement the room can verify by opening the evidence named in the help.",
                        "Check \(level)b holds.",
                    ]
                )
            })
        questionnaire.domains[0].questions[0].references = [
            Reference(
                title: "DORA: software delivery performance metrics", url: "https://dora.dev/guides/dora-metrics/"),
            Reference(
                title: "Google SRE book: Monitoring distributed systems",
                url: "https://sre.google/sre-book/monitoring-distributed-systems/"),
        ]
        questionnaire.kpis[0].benchmarks = [
            KPIBenchmark(label: "Elite", from: 0, to: 60), KPIBenchmark(label: "Low", from: 10_080),
        ]
        sandbox.write(try DocumentWriter.text(of: questionnaire), to: "criteria.json")
        return sandbox.path("criteria.json")
    }

    static func arguments(_ sandbox: Sandbox, questionnaire: String) -> [String] {
        [
            "assess", "--questionnaire", questionnaire, "--org", "Acme", "--team", "Platform", "--period", "2026-Q4",
            "--store", sandbox.store,
        ]
    }

    /// The output from the first line containing `start` up to (not including) the first line
    /// after it containing `end`.
    static func section(of output: String, from start: String, to end: String) -> String {
        guard let from = output.range(of: start) else { return "" }
        let rest = output[from.lowerBound...]
        guard let to = rest.range(of: end) else { return String(rest) }
        return String(rest[..<to.lowerBound])
    }

    @Test func helpWithoutAnAnswerShowsTheCriteriaOfEveryLevelAndTheReferences() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(in: sandbox)
        let result = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: path),
            input: CLIFixtures.lines(WorkshopScript.envision + ["?", "q"]), in: sandbox, columns: 80)
        let help = Self.section(of: result.output, from: "What to look at:", to: "Answer with a level")
        #expect(help.contains("Before claiming a level, check that all of its statements hold:"))
        for level in 1...5 {
            #expect(help.contains("Check \(level)a: a statement"), "level \(level)")
            #expect(help.contains("Check \(level)b holds."), "level \(level)")
        }
        // Each level is named once, its statements listed under it.
        #expect(help.contains("  3 Defined     - Check 3a: a statement"))
        #expect(help.contains("                - Check 3b holds."))
        #expect(help.contains("Learn more:"))
        #expect(help.contains("- DORA: software delivery performance metrics"))
        #expect(help.contains("https://dora.dev/guides/dora-metrics/"))
        #expect(help.contains("https://sre.google/sre-book/monitoring-distributed-systems/"))
        // Readable at 80 columns: no line is wider, save a URL that cannot be broken.
        for line in help.split(separator: "\n") where DisplayWidth.of(String(line)) > 80 {
            #expect(line.split(separator: " ").count == 1, "too wide: \(line)")
        }
        // The criteria come before the answer grammar, and the question is shown again after it.
        let question = result.output.range(of: "Answer with a level").map { result.output[$0.upperBound...] } ?? ""
        #expect(question.contains("OP-01"))
    }

    @Test func helpAtAnAnsweredQuestionShowsTheLevelsAroundTheAnswer() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(in: sandbox)
        // OP-01 answered 3, back to it, then ?.
        let result = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: path),
            input: CLIFixtures.lines(WorkshopScript.envision + ["3", "b", "?", "q"]), in: sandbox, columns: 80)
        let help = Self.section(of: result.output, from: "What to look at:", to: "Answer with a level")
        #expect(help.contains("(levels 2–4, around the answer shown):"))
        for level in 2...4 { #expect(help.contains("Check \(level)a"), "level \(level)") }
        #expect(!help.contains("Check 1a"))
        #expect(!help.contains("Check 5a"))
    }

    @Test func helpAtAQuestionWithoutCriteriaShowsNoCriteria() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(in: sandbox)
        // OP-02 has neither criteria nor references.
        let result = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: path),
            input: CLIFixtures.lines(WorkshopScript.envision + ["3", "?", "q"]), in: sandbox)
        let help = Self.section(of: result.output, from: "Look at the evidence for OP-02", to: "Answer with a level")
        #expect(!help.isEmpty)
        #expect(!help.contains("Before claiming a level"))
        #expect(!help.contains("Learn more:"))
    }

    @Test(arguments: [0, 1, 3, 5, 6, nil])
    func theCriteriaLevelsAreTheAnswerAndItsNeighbours(level: Int?) {
        let shown = Workshop.criteriaLevels(around: level, scale: 1...5)
        switch level {
        case 1: #expect(shown == 1...2)
        case 3: #expect(shown == 2...4)
        case 5: #expect(shown == 4...5)
        default: #expect(shown == 1...5)
        }
    }

    @Test func theBenchmarkHoldingTheBaselineIsNamed() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(in: sandbox)
        var envision = WorkshopScript.envision
        let baseline = try #require(envision.firstIndex(of: "240"))
        envision[baseline] = "45"
        envision[baseline + 1] = "30"
        let result = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: path), input: CLIFixtures.lines(envision + ["q"]), in: sandbox)
        #expect(result.output.contains("Elite 0–60 · Low at least 10080; the baseline is in Elite"))
    }

    @Test func envisionShowsALibraryKPIsBenchmarksBeforeTheTarget() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(in: sandbox)
        let result = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: path), input: CLIFixtures.lines(WorkshopScript.envision + ["q"]),
            in: sandbox)
        let benchmarks = try #require(result.output.range(of: "Benchmarks (minutes): Elite 0–60 · Low at least 10080"))
        // The baseline of 240 minutes lies in neither range, so none is named.
        #expect(!result.output.contains("the baseline is in"))
        let baseline = try #require(result.output.range(of: "Baseline today (minutes)"))
        let target = try #require(result.output.range(of: "Target (minutes)"))
        #expect(baseline.upperBound < benchmarks.lowerBound)
        #expect(benchmarks.upperBound < target.lowerBound)
        // Once, for the one KPI the script links.
        #expect(result.output.components(separatedBy: "Benchmarks (").count == 2)
    }
}
