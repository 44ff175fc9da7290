import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// Outputs that hold together (issue 12): votes under the right names, and questionnaires never
/// mixed without a word.
@Suite("One truth: voters, questionnaires")
struct OneTruthTests {
    static let q4 = "assessments/platform/2026-Q4.json"

    /// A second questionnaire: the mini one under another id and title.
    static func otherQuestionnaire(in sandbox: Sandbox) throws -> String {
        let text = try String(contentsOfFile: CLIFixtures.miniQuestionnaire, encoding: .utf8)
        var json = try JSONParser.parse(text)
        var members = json.objectValue ?? [:]
        members["id"] = .string("other-model")
        members["title"] = .string("Other model")
        json = .object(members)
        sandbox.write(JSONWriter.prettyText(json), to: "other.json")
        return sandbox.path("other.json")
    }

    /// The 2026-Q4 workshop, then its file rewritten as an earlier opmodel wrote it: participants
    /// p1, p2, p3 (Ana, Ben, Chloe) and three votes on OP-01.
    static func quarterWithThreeVoters() throws -> Sandbox {
        let sandbox = try WorkspaceSafetyTests.completed()
        var assessment = try sandbox.assessment(Self.q4)
        assessment.participants = [
            Participant(id: "p1", name: "Ana Silva"), Participant(id: "p2", name: "Ben Okafor"),
            Participant(id: "p3", name: "Chloe Martin"),
        ]
        assessment.discover.answers["OP-01"] = Answer(level: 3, votes: ["p1": 3, "p2": 4, "p3": 2])
        sandbox.write(try DocumentWriter.text(of: assessment), to: Self.q4)
        return sandbox
    }

    /// Chloe leaves and Raj joins; last quarter's votes still show Chloe's, and Raj never gets her id.
    @Test func lastQuartersVotesKeepTheirVotersWhenTheRoomChanges() throws {
        let sandbox = try Self.quarterWithThreeVoters()
        // Envision: keep the facilitator; participants: delete Chloe (3), add Raj; then stop at OP-01.
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
                "--period", "2027-Q1", "--store", sandbox.store,
            ], input: CLIFixtures.lines(["", "d 3", "Raj Patel, Architect", "", "", "", "", "q"]), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(
            result.output.contains(
                "Last quarter (2026-Q4): 3 — Defined · votes: Ana Silva 3, Ben Okafor 4, Chloe Martin 2"),
            "\(result.output)")
        #expect(!result.output.contains("Raj Patel 2"))
        let next = try sandbox.assessment("assessments/platform/2027-Q1.json")
        #expect(next.participants.map(\.name) == ["Ana Silva", "Ben Okafor", "Raj Patel"])
        let raj = try #require(next.participants.last)
        #expect(!["p1", "p2", "p3"].contains(raj.id), "Raj got an id the team's history used for Chloe")
        #expect(raj.id == "raj-patel")
    }

    @Test func aNewParticipantNeverTakesAnIdHistoryGaveSomeoneElse() {
        let history = [
            Participant(id: "p1", name: "Ana Silva"), Participant(id: "jose", name: "José"),
            Participant(id: "raj-patel", name: "Raj Patel"),
        ]
        #expect(Participant.newID(for: "Chloe Martin", history: history) == "chloe-martin")
        // The same person keeps the same id; another name with the same slug gets a suffix.
        #expect(Participant.newID(for: "raj  patel", history: history) == "raj-patel")
        let jose = Participant.newID(for: "Jose", history: history)
        #expect(jose.hasPrefix("jose-") && jose.count == "jose-".count + 6, "\(jose)")
        #expect(Participant.newID(for: "Jose", history: history) == jose, "stable")
    }

    // MARK: - Questionnaires are never mixed

    @Test func compareRefusesTwoQuestionnaires() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        var other = try sandbox.assessment(Self.q4)
        other.questionnaire = QuestionnaireReference(id: "other-model", version: "1.0.0")
        other.period = Period("2027-Q1") ?? other.period
        sandbox.write(try DocumentWriter.text(of: other), to: "other-2027-Q1.json")
        let path = try Self.otherQuestionnaire(in: sandbox)
        let result = try BinaryRunner.run(
            ["compare", Self.q4, "other-2027-Q1.json", "--questionnaire", path], in: sandbox.root)
        #expect(result.status == 65, "\(result.errors)")
        #expect(result.errors.contains("\"other-model\""), "\(result.errors)")
        #expect(result.errors.contains("\"mini\""), "\(result.errors)")
        #expect(result.output.isEmpty)
    }

    /// Platform and Data on the mini questionnaire, Leadership on another: two groups, each ranked on its own.
    static func mixedStore() throws -> Sandbox {
        let sandbox = try WorkspaceSafetyTests.completed()
        _ = try Self.otherQuestionnaire(in: sandbox)
        for (team, script) in [("Data", WorkshopScript.whole), ("Leadership", WorkshopScript.whole)] {
            let questionnaire = team == "Leadership" ? sandbox.path("other.json") : CLIFixtures.miniQuestionnaire
            let result = CLIFixtures.run(
                [
                    "assess", "--questionnaire", questionnaire, "--org", "Acme", "--team", team, "--period", "2026-Q4",
                    "--store", sandbox.store,
                ], input: CLIFixtures.lines(script), in: sandbox)
            try #require(result.code == .success, "\(result.errors)")
        }
        return sandbox
    }

    @Test func thePortfolioGroupsTeamsByQuestionnaire() throws {
        let sandbox = try Self.mixedStore()
        let markdown = try BinaryRunner.run(["portfolio"], in: sandbox.root)
        #expect(markdown.status == 0, "\(markdown.errors)")
        #expect(markdown.output.contains("## Mini model 1.0.0\n\n2 teams, ranked by overall maturity."))
        #expect(markdown.output.contains("## Other model 1.0.0\n\n1 team, ranked by overall maturity."))
        #expect(markdown.output.contains("| 1 | Leadership | **"), "ranked first in its own group")
        #expect(markdown.errors.isEmpty, "\(markdown.errors)")

        let json = try JSONParser.parse(
            try BinaryRunner.run(["portfolio", "--format", "json"], in: sandbox.root).output)
        let groups = try #require(json["groups"]?.arrayValue)
        #expect(groups.compactMap { $0["questionnaire"]?["id"]?.stringValue } == ["mini", "other-model"])
        #expect(groups.map { $0["teams"]?.arrayValue?.count } == [2, 1])

        let csv = try CSVReader.parse(try BinaryRunner.run(["portfolio", "--format", "csv"], in: sandbox.root).output)
        #expect(csv.first?.first == "questionnaire")
        #expect(Set(csv.dropFirst().compactMap(\.first)) == ["mini", "other-model"])

        // --questionnaire selects one group; the others are left out without a word.
        let one = try BinaryRunner.run(["portfolio", "--questionnaire", "other-model"], in: sandbox.root)
        #expect(one.status == 0)
        #expect(one.output.contains("Leadership") && !one.output.contains("Platform"))
        #expect(!one.output.contains("not assessed"))
        #expect(one.errors.isEmpty, "\(one.errors)")
    }

    @Test func aTrendNeverJoinsTwoQuestionnaires() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let other = try Self.otherQuestionnaire(in: sandbox)
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", other, "--org", "Acme", "--team", "Platform", "--period", "2027-Q1",
                "--store", sandbox.store,
            ], input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        try #require(result.code == .success, "\(result.errors)")
        let trend = try BinaryRunner.run(["trend", "--team", "Platform", "--format", "json"], in: sandbox.root)
        #expect(trend.status == 0, "\(trend.errors)")
        let json = try JSONParser.parse(trend.output)
        #expect(json["questionnaire"]?["id"]?.stringValue == "other-model")
        let points = json["periods"]?.arrayValue ?? []
        #expect(points.compactMap { $0["period"]?.stringValue } == ["2027-Q1"])
        #expect(trend.errors.contains("1 assessment of Platform made with \"mini\" is not in this trend"))
        let mini = try BinaryRunner.run(["trend", "--team", "Platform", "--questionnaire", "mini"], in: sandbox.root)
        #expect(mini.status == 0)
        #expect(mini.output.contains("2026-Q4") && !mini.output.contains("2027-Q1"))
    }
}

/// A questionnaire's own team topologies, or none (issue 12).
@Suite("Build: the questionnaire's topologies")
struct TopologyTests {
    static func questionnaire(_ topologies: JSONValue, in sandbox: Sandbox) throws -> String {
        let text = try String(contentsOfFile: CLIFixtures.miniQuestionnaire, encoding: .utf8)
        var members = try JSONParser.parse(text).objectValue ?? [:]
        members["topologies"] = topologies
        sandbox.write(JSONWriter.prettyText(.object(members)), to: "q.json")
        return sandbox.path("q.json")
    }

    static func run(_ questionnaire: String, build: [String], in sandbox: Sandbox) -> CLIResult {
        CLIFixtures.run(
            [
                "assess", "--questionnaire", questionnaire, "--org", "Acme", "--team", "Platform", "--period",
                "2026-Q4", "--store", sandbox.store,
            ],
            input: CLIFixtures.lines(
                WorkshopScript.envision + WorkshopScript.discover + build + WorkshopScript.deliver
                    + WorkshopScript.improve), in: sandbox)
    }

    @Test func aQuestionnaireOffersItsOwnTopologies() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire(
            [
                ["id": "centre", "name": "centre of excellence", "description": "One AI team builds everything."],
                ["id": "hub", "name": "hub and spoke", "description": "A hub sets guardrails; units build."],
                ["id": "embedded", "name": "embedded", "description": "Each unit builds its own."],
            ], in: sandbox)
        let result = Self.run(path, build: ["4", "", "", "Paved roads."], in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("How will the teams be organised in the end state?"))
        #expect(result.output.contains("2. hub and spoke — A hub sets guardrails; units build."))
        #expect(!result.output.contains("federated"))
        #expect(result.output.contains("Topology (1–3 or name) [hub and spoke] ›"), "the middle option by default")
        #expect(try sandbox.assessment(WorkshopSessionTests.file).build.topology == "hub")
        let report = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        #expect(report.contains("hub and spoke"))
    }

    @Test func anEmptyListMeansNoTopologyQuestion() throws {
        let sandbox = Sandbox()
        let path = try Self.questionnaire([], in: sandbox)
        let result = Self.run(path, build: ["4", "", "Paved roads."], in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(!result.output.contains("Team topology"))
        #expect(try sandbox.assessment(WorkshopSessionTests.file).build.topology == nil)
        #expect(try sandbox.assessment(WorkshopSessionTests.file).build.endState == "Paved roads.")
    }

    @Test func theGenAIQuestionnaireHasTopologiesOfItsOwn() throws {
        let located = try ResourceLocator(searchFolders: [CLIFixtures.repositoryRoot], fileSystem: LocalFileSystem())
            .questionnaire("genai-readiness")
        let ids = located.questionnaire.topologyOptions.map(\.id)
        #expect(ids == ["centre-of-excellence", "hub-and-spoke", "embedded"])
        #expect(!ids.contains("federated"))
    }
}

/// A due step's status and this quarter's answers agree, or the room is told (issue 12).
@Suite("Improve: step status against the answers")
struct StepStatusTests {
    /// 2027-Q1 answers OP-02 at 3 (so OP-02@3 is reached) and keeps OP-01 at 3 (OP-01@4 is not);
    /// CG-02 stays at 4 (CG-02@5 is not reached).
    @Test func aReachedLevelMakesTheStepDoneByDefaultAndAContradictionIsSaid() throws {
        let sandbox = Sandbox()
        let first = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        try #require(first.code == .success)
        let improve = ["", "d", "", "150", "", "", "Keep going."]
        let result = CLIFixtures.run(
            ReassessmentTests.arguments(sandbox),
            input: CLIFixtures.lines(
                ReassessmentTests.envision + ReassessmentTests.discover + ReassessmentTests.build
                    + ReassessmentTests.deliver + improve), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("OP-02 is answered 3 this quarter: the level is reached."))
        #expect(result.output.contains("Status: d done · i in progress · n not started · x dropped [done] ›"))
        #expect(
            result.output.contains(
                "! OP-01@4 is reported done, but OP-01 is answered 3 — Defined, below level 4; check the answer or the status."
            ), "\(result.output)")
        let decisions = try sandbox.assessment(ReassessmentTests.q1).deliver.decisions
        #expect(decisions["OP-02@3"]?.status == .done, "Enter took the default the answers gave")
        #expect(decisions["OP-01@4"]?.status == .done, "the room's word is kept, with the warning")
        #expect(decisions["CG-02@5"]?.status == .planned)
        // The report's "Since last quarter" says the same, in the same words.
        let report = CLIFixtures.run(["report", sandbox.path(ReassessmentTests.q1)], in: sandbox)
        #expect(report.code == .success)
        #expect(report.output.contains("The status the room reported and this quarter's answers disagree:"))
        #expect(
            report.output.contains(
                "- OP-01@4 is reported done, but OP-01 is answered 3 — Defined, below level 4; check the answer or the status."
            ), "\(report.output)")
        #expect(!report.output.contains("OP-02@3 is reported"))
    }
}

/// A draft never reads like a result (issue 12).
@Suite("Reports of unfinished assessments")
struct DraftReportTests {
    @Test func anUnfinishedAssessmentIsReportedAsADraft() throws {
        let sandbox = Sandbox()
        let stopped = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox),
            input: CLIFixtures.lines(WorkshopScript.envision + ["3", "q"]), in: sandbox)
        try #require(stopped.code == .success)
        let path = sandbox.path(WorkshopSessionTests.file)
        let report = CLIFixtures.run(["report", path], in: sandbox)
        #expect(report.code == .success)
        // The line after the title.
        let lines = report.output.split(separator: "\n").map(String.init)
        #expect(
            lines.count > 1
                && lines[1]
                    == "> **Draft: this assessment stopped in the Discover phase with 1 of 4 questions answered; "
                    + "the scores and the roadmap below are provisional until the workshop is finished.**",
            "\(lines.prefix(4))")
        #expect(
            report.errors.contains(
                "Warning: \(path): this assessment stopped in the Discover phase with 1 of 4 questions answered; "
                    + "the report is marked as a draft."))
        let json = try JSONParser.parse(CLIFixtures.run(["report", path, "--format", "json"], in: sandbox).output)
        #expect(json["status"]?["isDraft"] == .bool(true))
        #expect(json["status"]?["phase"]?.stringValue == "discover")
        #expect(json["status"]?["answered"]?.numberValue == 1)

        // Finished, it is no draft.
        let (done, finished) = CommandTests.finishedWorkshop()
        let final = CLIFixtures.run(["report", finished], in: done)
        #expect(!final.output.contains("Draft") && !final.errors.contains("draft"))
    }
}
