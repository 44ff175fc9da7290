import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// Input that should be questioned is questioned (issue 12): each reply is checked against what
/// it means, and the room is asked again with a clear message.
@Suite("Input checks in the workshop")
struct InputChecksTests {
    static let file = WorkshopSessionTests.file

    static func run(_ lines: [String], in sandbox: Sandbox = Sandbox(), interactive: Bool = false) -> CLIResult {
        CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox), input: CLIFixtures.lines(lines), in: sandbox,
            interactive: interactive)
    }

    @Test func aKPIValueIsCheckedAgainstItsUnitAndDirection() throws {
        // Library KPI 1 is mean time to restore, in minutes, better when lower.
        var envision = WorkshopScript.envision
        let baseline = try #require(envision.firstIndex(of: "240"))
        envision.replaceSubrange(baseline...(baseline + 1), with: ["-5", "240", "300", "60"])
        let sandbox = Sandbox()
        let result = Self.run(envision + ["q"], in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("! A value in minutes cannot be negative."))
        #expect(
            result.output.contains(
                "! Lower is better, so a target of 300 above the baseline 240 would be a step back; type a target at or below 240."
            ))
        let kpi = try #require(try sandbox.assessment(Self.file).envision.outcomes.first?.kpis.first)
        #expect(kpi.baseline == 240 && kpi.target == 60)
    }

    @Test(
        arguments: [
            (5.0, "minutes", false), (-5, "minutes", true), (0, "percent", false), (101, "percent", true),
            (-1, "percent", true), (-3, "percent change", false), (3.5, "score 1-5", false), (0.5, "score 1-5", true),
            (-2, "USD per transaction", true), (-2, nil, true),
        ] as [(Double, String?, Bool)])
    func kpiValueRules(value: Double, unit: String?, refused: Bool) {
        #expect((KPIValueRules.problem(value: value, unit: unit) != nil) == refused)
    }

    @Test func aCadenceOffTheListIsAskedAgain() throws {
        var improve = WorkshopScript.improve
        improve.replaceSubrange(1...1, with: ["biweekly", "q"])
        let sandbox = Sandbox()
        let script =
            WorkshopScript.envision + WorkshopScript.discover + WorkshopScript.build + WorkshopScript.deliver + improve
        let result = Self.run(script, in: sandbox)
        #expect(result.code == .success)
        #expect(result.output.contains("! Type one of weekly, fortnightly, monthly, quarterly (or its first letter)."))
        // "q" at this prompt is the first letter of quarterly only when typed as "quarterly": q saves and quits.
        #expect(try sandbox.assessment(Self.file).improve.reviewCadence == nil)
        #expect(ReviewCadence(reply: "M") == .monthly && ReviewCadence(reply: "biweekly") == nil)
    }

    @Test func notApplicableTypedAgainKeepsOnlyTheReason() throws {
        var discover = WorkshopScript.discover
        discover.replaceSubrange(2...2, with: ["n", "n", "n Out of scope"])
        let sandbox = Sandbox()
        let result = Self.run(WorkshopScript.envision + discover + ["q"], in: sandbox)
        #expect(result.code == .success)
        #expect(result.output.contains("! Type the reason itself"))
        #expect(try sandbox.assessment(Self.file).discover.answers["CG-01"] == .notApplicable(reason: "Out of scope"))
    }

    @Test func theVoteExampleHasOneVotePerParticipant() {
        var envision = WorkshopScript.envision
        envision.insert("Chen Wu, Architect", at: 3)
        let result = Self.run(envision + ["?", "q"])
        let text = result.output.replacingOccurrences(of: "\n  ", with: " ")
        #expect(text.contains("With 3 participants, type one level each in the order listed (\"3 4 2\")"))
        #expect(Workshop.voteExample(count: 5, levels: 1...5) == "3 4 2 3 3")
        // Around the middle of the scale, so that the example shows votes that differ.
        #expect(Workshop.voteExample(count: 2, levels: 1...3) == "2 3")
    }

    // MARK: - A typo never creates a team unnoticed

    static func storeWithPlatformTeam() -> Sandbox {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform Team",
                "--period", "2026-Q4", "--store", sandbox.store,
            ], input: CLIFixtures.lines(["Dana Lee", "q"]), in: sandbox)
        #expect(result.code == .success)
        return sandbox
    }

    @Test func aCloseTeamNameIsOfferedBeforeANewTeamStarts() throws {
        let sandbox = Self.storeWithPlatformTeam()
        // On a terminal: the organization defaults to the store's, and "Platform" is offered as "Platform Team".
        let asked = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--period", "2026-Q4", "--store",
                sandbox.store,
            ],
            input: CLIFixtures.lines(["", "Platform", "", "q"]), in: sandbox, interactive: true)
        #expect(asked.code == .success, "\(asked.errors)")
        #expect(asked.output.contains("Organization [Acme] ›"))
        #expect(asked.output.contains("Did you mean \"Platform Team\"?"))
        #expect(asked.output.contains("resuming"), "\(asked.output)")
        #expect(!sandbox.exists("assessments/platform"))
        #expect(try sandbox.assessment("assessments/platform-team/2026-Q4.json").organization == "Acme")

        // Piped: told, not asked.
        let piped = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
                "--period", "2026-Q4", "--store", sandbox.store,
            ], input: CLIFixtures.lines(["q"]), in: sandbox)
        #expect(piped.code == .success)
        #expect(
            piped.output.contains(
                "New team \"Platform\" (the store has \"Platform Team\"; check the name): its assessments go to"))
    }

    // MARK: - Deliver

    /// Pins stay inside the roadmap; a drop says why; a step can be named by its id.
    @Test func pinsStayInsideTheRoadmapAndDropsSayWhy() throws {
        let deliver = [
            "", "", "", "p 1 2026-Q3", "p 1 2028-Q4", "d OP-02@3", "", "d OP-02@3", "the team has no on-call", "",
        ]
        let sandbox = Sandbox()
        let result = Self.run(
            WorkshopScript.envision + WorkshopScript.discover + WorkshopScript.build + deliver + ["q"], in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("! The roadmap runs from 2027-Q1 to 2027-Q4; pin to a quarter in it."))
        #expect(
            result.output.contains(
                "! The roadmap runs from 2027-Q1 to 2027-Q4; pin to a quarter in it (h N plans more quarters)."))
        #expect(result.output.contains("Why is OP-02@3 dropped? (a reason is required; Enter cancels)"))
        #expect(result.output.contains("✓ #1 OP-02@3 dropped from 2027-Q1: the team has no on-call"))
        let decisions = try sandbox.assessment(Self.file).deliver.decisions
        #expect(decisions["OP-02@3"] == StepDecision(status: .dropped, reason: "the team has no on-call"))
        #expect(decisions.values.allSatisfy { $0.quarter == nil }, "no pin outside the roadmap was stored")
    }
}
