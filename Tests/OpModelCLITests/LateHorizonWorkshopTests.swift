import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// Deliver never plans past 9999-Q4: the horizon prompt and `h N` refuse a horizon that would,
/// and say how many quarters fit.
@Suite("Deliver: a horizon past 9999-Q4 is refused")
struct LateHorizonWorkshopTests {
    /// The corpus's base assessment moved to 9999-Q2, planned from 9999-Q3 over 2 quarters.
    static func lateAssessment(in sandbox: Sandbox) throws -> String {
        let base = try String(
            contentsOfFile: MalformedCorpusTests.corpusFolder + "/base-assessment.json", encoding: .utf8)
        var json = try JSONParser.parse(base)
        guard case .object(var members) = json, case .object(var deliver)? = members["deliver"] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        deliver["startPeriod"] = "9999-Q3"
        deliver["horizonQuarters"] = 2
        members["deliver"] = .object(deliver)
        members["period"] = "9999-Q2"
        json = .object(members)
        sandbox.write(JSONWriter.prettyText(json), to: "late.json")
        return sandbox.path("late.json")
    }

    static let complaint =
        "A roadmap of 8 quarters from 9999-Q3 would run past 9999-Q4, the last quarter opmodel plans: type at most 2."

    @Test func thePromptAndTheRoadmapCommandRefuseIt() throws {
        let sandbox = Sandbox()
        let path = try Self.lateAssessment(in: sandbox)
        // Start: keep 9999-Q3. Horizon: 8 is refused, then Enter keeps 2. Capacity: keep.
        // Roadmap: h 8 is refused, h 1 is taken; Enter when done.
        let result = CLIFixtures.run(
            ["assess", path, "--phase", "deliver", "--questionnaire", CLIFixtures.miniQuestionnaire],
            input: CLIFixtures.lines(["", "8", "", "", "h 8", "h 1", ""]), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.terminal.unread.isEmpty)
        #expect(result.output.contains("Quarters to plan (1–2)"))
        #expect(result.output.components(separatedBy: Self.complaint).count == 3, "\(result.output)")
        #expect(try sandbox.assessment("late.json").deliver.horizonQuarters == 1)
    }

    @Test func aLaterStartShowsTheHorizonThatStillFits() throws {
        let sandbox = Sandbox()
        let path = try Self.lateAssessment(in: sandbox)
        // Start 9999-Q4: the horizon of 2 is shortened to the one quarter that fits, and Enter
        // keeps it. Capacity 20 keeps every step in it (a full last quarter is the planner's
        // test).
        let result = CLIFixtures.run(
            ["assess", path, "--phase", "deliver", "--questionnaire", CLIFixtures.miniQuestionnaire],
            input: CLIFixtures.lines(["9999-Q4", "", "20", ""]), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("Quarters to plan (1–1)"))
        let saved = try sandbox.assessment("late.json")
        #expect(saved.deliver.startPeriod?.description == "9999-Q4")
        #expect(saved.deliver.horizonQuarters == 1)
        #expect(AssessmentValidator.problems(saved, questionnaire: try Self.mini()).isEmpty)
    }

    /// A new assessment late in 9999 takes the default horizon shortened to what fits, so the
    /// file it saves can be opened again.
    @Test func aNewAssessmentLateIn9999CanBeResumed() throws {
        let sandbox = Sandbox()
        let created = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
                "--period", "9999-Q2", "--store", sandbox.store,
            ], input: CLIFixtures.lines(["q"]), in: sandbox)
        #expect(created.code == .success, "\(created.errors)")
        let resumed = CLIFixtures.run(
            [
                "assess", sandbox.path("assessments/platform/9999-Q2.json"), "--questionnaire",
                CLIFixtures.miniQuestionnaire,
            ],
            input: CLIFixtures.lines(["q"]), in: sandbox)
        #expect(resumed.code == .success, "\(resumed.errors)")
    }

    static func mini() throws -> Questionnaire {
        try DocumentLoader.loadQuestionnaire(at: CLIFixtures.miniQuestionnaire, fileSystem: LocalFileSystem())
    }
}
