import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

@Suite("Scripted workshops")
struct WorkshopSessionTests {
    static func assessArguments(_ sandbox: Sandbox) -> [String] {
        [
            "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
            "--period", "2026-Q4", "--store", sandbox.store,
        ]
    }

    static let file = "assessments/platform/2026-Q4.json"

    @Test func aWholeWorkshopFromAScriptFillsEveryPhase() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        #expect(result.code == .success)
        #expect(result.terminal.unread.isEmpty)
        #expect(result.output.contains("Workshop complete"))

        let assessment = try sandbox.assessment(Self.file)
        #expect(assessment.phase == .complete)
        #expect(assessment.organization == "Acme")
        #expect(assessment.facilitator == "Dana Lee")
        #expect(assessment.participants.map(\.name) == ["Ana Silva", "Ben Okafor"])
        #expect(assessment.participants.map(\.role) == ["CTO", "SRE lead"])
        #expect(assessment.envision.vision == "Releases nobody notices.")
        #expect(assessment.envision.drivers == ["Time to market"])
        let outcome = try #require(assessment.envision.outcomes.first)
        #expect(outcome.title == "Faster recovery")
        let kpi = try #require(outcome.kpis.first)
        #expect(kpi.id == "mttr")
        #expect(kpi.baseline == 240)
        #expect(kpi.target == 60)
        #expect(kpi.due?.description == "2027-Q4")
        #expect(kpi.current == 200)

        let answers = assessment.discover.answers
        #expect(answers["OP-01"]?.level == 3)
        #expect(answers["OP-02"]?.level == 2)
        #expect(answers["OP-02"]?.note == "runbooks exist but are not tested")
        #expect(answers["CG-01"]?.notApplicable == true)
        #expect(answers["CG-01"]?.note == "we buy no cloud services yet")
        #expect(answers["CG-02"]?.level == 4)
        #expect(assessment.discover.constraints == ["Hiring freeze"])
        #expect(assessment.discover.upskilling == ["SRE practices"])

        // Operations scores (3·1 + 2·2)/3 = 2.33, so Enter would suggest 3; the script sets 4.
        // Cost scores 4 (CG-01 does not apply), so Enter takes the suggestion 5.
        #expect(assessment.build.targets == ["operations": 4, "cost": 5])
        #expect(assessment.build.topology == .federated)
        #expect(assessment.build.endState == "Platform team runs paved roads.")

        // Step 1 of the plan is OP-02@3 (the lowest level first).
        #expect(assessment.deliver.decisions["OP-02@3"]?.owner == "Ben Okafor")
        #expect(assessment.improve.reviewCadence == "monthly")
        #expect(assessment.improve.nextAssessment?.description == "2027-Q1")
        #expect(assessment.improve.reflections == "Vote earlier next time.")

        let roadmap = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        // The id carries a word joiner after its hyphen, so that a narrow column keeps it whole.
        #expect(roadmap.contains("| OP-\u{2060}02@3 | Operations | 2 → 3 |"))
        #expect(roadmap.contains("Ben Okafor"))
        #expect(sandbox.exists("assessments/questionnaires/mini@1.0.0.json"))
        #expect(sandbox.exists(Self.file + ".bak"))
        #expect(!sandbox.exists(Self.file + ".lock"))
    }

    enum Stop: String, CaseIterable, CustomTestStringConvertible {
        case quit, endOfInput, interrupt
        var input: TerminalInput {
            switch self {
            case .quit: return .line("q")
            case .endOfInput: return .endOfInput
            case .interrupt: return .interrupted
            }
        }
        var testDescription: String { rawValue }
    }

    static let phases: [(Phase, [String])] = [
        (.envision, WorkshopScript.envision), (.discover, WorkshopScript.discover), (.build, WorkshopScript.build),
        (.deliver, WorkshopScript.deliver), (.improve, WorkshopScript.improve),
    ]

    /// Stopping at the first prompt of any phase, in any of the three ways, saves a valid file,
    /// prints the resume command, and resuming with the rest of the script gives the same
    /// assessment as an uninterrupted run.
    @Test(arguments: 0..<5, Stop.allCases)
    func stoppingInAnyPhaseSavesAndResumes(phaseIndex: Int, stop: Stop) throws {
        let reference = Sandbox()
        _ = CLIFixtures.run(
            Self.assessArguments(reference), input: CLIFixtures.lines(WorkshopScript.whole), in: reference)
        let expected = try reference.assessment(Self.file)

        let sandbox = Sandbox()
        let before = Self.phases[..<phaseIndex].flatMap(\.1)
        let first = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(before) + [stop.input], in: sandbox)
        #expect(first.code == (stop == .interrupt ? .interrupted : .success))
        #expect(first.output.contains("Resume with:"))
        let path = sandbox.path(Self.file)
        #expect(first.output.contains("opmodel assess \(path) --questionnaire \(CLIFixtures.miniQuestionnaire)"))
        let saved = try sandbox.assessment(Self.file)
        #expect(saved.phase == Self.phases[phaseIndex].0)
        #expect(!sandbox.exists(Self.file + ".lock"))

        let rest = Self.phases[phaseIndex...].flatMap(\.1)
        let second = CLIFixtures.run(
            ["assess", path, "--questionnaire", CLIFixtures.miniQuestionnaire], input: CLIFixtures.lines(rest),
            in: sandbox)
        #expect(second.code == .success)
        #expect(second.output.contains("Resuming"))
        #expect(second.terminal.unread.isEmpty)
        let resumed = try sandbox.assessment(Self.file)
        #expect(resumed.phase == .complete)
        #expect(resumed.discover == expected.discover)
        #expect(resumed.envision == expected.envision)
        #expect(resumed.build == expected.build)
        #expect(resumed.deliver == expected.deliver)
        #expect(resumed.improve == expected.improve)
        #expect(resumed.participants == expected.participants)
    }

    /// Resuming in the middle of Discover starts at the first question not yet reached.
    @Test func resumingMidDiscoverStartsAtTheNextQuestion() throws {
        let sandbox = Sandbox()
        let first = CLIFixtures.run(
            Self.assessArguments(sandbox),
            input: CLIFixtures.lines(WorkshopScript.envision + ["3", "2"]) + [.interrupted],
            in: sandbox)
        #expect(first.code == .interrupted)
        let saved = try sandbox.assessment(Self.file)
        #expect(saved.discover.answers.keys.sorted() == ["OP-01", "OP-02"])
        let second = CLIFixtures.run(
            ["assess", sandbox.path(Self.file), "--questionnaire", CLIFixtures.miniQuestionnaire],
            input: [.line("q")], in: sandbox)
        let firstQuestionShown = second.output.range(of: "CG-01")
        #expect(firstQuestionShown != nil)
        #expect(!second.output.contains("OP-01 ·"))
    }

    @Test func helpBackSkipAndInvalidInputAtAQuestion() throws {
        let sandbox = Sandbox()
        let discover = [
            "?",  // help for OP-01
            "7",  // out of range
            "three",  // not a level
            "3",  // OP-01
            "b",  // back to OP-01
            "",  // Enter keeps 3
            "s",  // skip OP-02
            "n",  // CG-01 not applicable without a reason: asks for it
            "no cloud spend yet",
            "4",  // CG-02
        ]
        let result = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.envision + discover) + [.line("q")],
            in: sandbox)
        #expect(result.output.contains("What to look at:"))
        #expect(result.output.contains("Look at the evidence for OP-01"))
        #expect(result.output.contains("Type a level from 1 to 5"))
        #expect(result.output.contains("Current answer: 3 — Defined"))
        #expect(result.output.contains("Why does CG-01 not apply?"))
        // After the last question, the skipped one is offered again.
        #expect(result.output.contains("1 question has no answer: OP-02"))
        let saved = try sandbox.assessment(Self.file)
        #expect(saved.discover.answers["OP-01"]?.level == 3)
        #expect(saved.discover.answers["OP-02"] == nil)
        #expect(saved.discover.answers["CG-01"]?.notApplicable == true)
        #expect(saved.discover.answers["CG-01"]?.note == "no cloud spend yet")
    }

    @Test func votesAreRecordedAndASpreadAsksForConsensus() throws {
        let sandbox = Sandbox()
        let discover = [
            "3 4",  // spread 1: the median (lower median 3) is taken
            "1 5",  // spread 4: the room must settle
            "2",  // consensus
            "q",
        ]
        let result = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.envision + discover), in: sandbox)
        #expect(result.output.contains("Vote mode: one level per participant in this order: Ana Silva, Ben Okafor"))
        #expect(result.output.contains("Votes: Ana Silva 1, Ben Okafor 5 · median 1 · spread 4"))
        #expect(result.output.contains("The room disagrees (spread 4)"))
        let saved = try sandbox.assessment(Self.file)
        let ids = saved.participants.map(\.id)
        #expect(saved.discover.answers["OP-01"]?.level == 3)
        #expect(saved.discover.answers["OP-01"]?.votes == [ids[0]: 3, ids[1]: 4])
        #expect(saved.discover.answers["OP-02"]?.level == 2)
        #expect(saved.discover.answers["OP-02"]?.votes == [ids[0]: 1, ids[1]: 5])
    }

    @Test func revisitingOnePhaseOfAFinishedAssessment() throws {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        let path = sandbox.path(Self.file)
        let result = CLIFixtures.run(
            ["assess", path, "--phase", "build", "--questionnaire", CLIFixtures.miniQuestionnaire],
            input: CLIFixtures.lines(["5", "", "1", ""]), in: sandbox)
        #expect(result.code == .success)
        #expect(result.terminal.unread.isEmpty)
        #expect(!result.output.contains("Phase 2 of 5"))
        let revisited = try sandbox.assessment(Self.file)
        #expect(revisited.phase == .complete)
        #expect(revisited.build.targets["operations"] == 5)
        #expect(revisited.build.topology == .centralized)
        #expect(revisited.build.endState == "Platform team runs paved roads.")
    }

    /// A run killed during a save leaves `.<file>.tmp-<pid>`; the next run holding the lock removes it.
    @Test func temporaryFilesOfAKilledRunAreCleanedUp() throws {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(Self.assessArguments(sandbox), input: CLIFixtures.lines(["q"]), in: sandbox)
        sandbox.write("{half", to: "assessments/platform/.2026-Q4.json.tmp-31337")
        sandbox.write("keep", to: "assessments/platform/.2026-Q4.json.tmp-notes")
        sandbox.write("other", to: "assessments/platform/.2026-Q3.json.tmp-31337")
        _ = CLIFixtures.run(
            ["assess", sandbox.path(Self.file), "--questionnaire", CLIFixtures.miniQuestionnaire],
            input: [.line("q")], in: sandbox)
        #expect(!sandbox.exists("assessments/platform/.2026-Q4.json.tmp-31337"))
        #expect(sandbox.exists("assessments/platform/.2026-Q4.json.tmp-notes"))
        #expect(sandbox.exists("assessments/platform/.2026-Q3.json.tmp-31337"))
    }

    @Test func aSecondWriterIsRefused() throws {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(["q"]), in: sandbox)
        let path = sandbox.path(Self.file)
        // A live lock from another host cannot be checked, so it is honoured.
        sandbox.write(
            #"{"host":"other-host","pid":99,"startedAt":"2026-11-23T09:00:00Z"}"#, to: Self.file + ".lock")
        let result = CLIFixtures.run(
            ["assess", path, "--questionnaire", CLIFixtures.miniQuestionnaire], input: CLIFixtures.lines(["x"]),
            in: sandbox)
        #expect(result.code != .success)
        #expect(result.errors.contains("other-host"))
        #expect(result.terminal.reads == 0)
    }
}
