import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// The team comes back a quarter later: `assess` for 2027-Q1 in the store that holds the 2026-Q4
/// workshop of `WorkshopScript.whole`, then `score`, `compare`, `trend` and `portfolio` over both.
///
/// What 2026-Q4 left behind (worked out from DESIGN §3–4 and the mini questionnaire):
/// - answers OP-01 3, OP-02 2 (weight 2, note), CG-01 not applicable, CG-02 4; targets Operations 4, Cost 5;
///   Operations (3 + 2·2)/3 = 7/3 ≈ 2.33, Cost 4 (CG-01 left out), overall (7/3 + 4)/2 = 19/6 ≈ 3.17;
/// - roadmap from 2027-Q1, four steps a quarter: OP-02@3 first (to level 3); then to level 4, OP-02@4
///   (priority 2·2 = 4) waits for OP-02@3 (a quarter later) and OP-01@4 (its dependency), so OP-01@4
///   (priority 1·1·1.5, OP-01 moves the chosen MTTR KPI) goes to 2027-Q1 and OP-02@4 to 2027-Q2;
///   CG-02@5 (to level 5) goes to 2027-Q1. Due by 2027-Q1: OP-02@3, OP-01@4, CG-02@5, in that order;
/// - MTTR 240 → 60 minutes by 2027-Q4, 200 measured in 2026-Q4.
@Suite("Re-assessment, quarter after quarter")
struct ReassessmentTests {
    static let q4 = "assessments/platform/2026-Q4.json"
    static let q1 = "assessments/platform/2027-Q1.json"

    static func arguments(_ sandbox: Sandbox, questionnaire: String = CLIFixtures.miniQuestionnaire) -> [String] {
        [
            "assess", "--questionnaire", questionnaire, "--org", "Acme", "--team", "Platform", "--period", "2027-Q1",
            "--store", sandbox.store,
        ]
    }

    /// Envision: Enter keeps the facilitator, the participants, the vision, the drivers and the outcomes.
    static let envision = ["", "", "", "", ""]
    /// Discover: Enter keeps OP-01 at 3; OP-02 typed as 3 with a new note; Enter keeps CG-01 not
    /// applicable and CG-02 at 4; Enter keeps the constraints and the upskilling needs.
    static let discover = ["", "3 runbooks are tested now", "", "", "", ""]
    /// Build: Enter keeps both targets, the topology and the end state.
    static let build = ["", "", "", ""]
    /// Deliver: Enter keeps the planning settings and the roadmap.
    static let deliver = ["", "", "", ""]
    /// Improve: OP-02@3 done, OP-01@4 in progress, CG-02@5 dropped; MTTR now 150; cadence and next
    /// assessment kept; reflections.
    static let improve = ["d", "i", "x", "150", "", "", "Keep going."]

    static var whole: [String] { envision + discover + build + deliver + improve }

    /// A sandbox with the 2026-Q4 workshop and the 2027-Q1 re-assessment, and the second run's result.
    static func twoQuarters() -> (Sandbox, CLIResult) {
        let sandbox = Sandbox()
        let first = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        #expect(first.code == .success)
        let second = CLIFixtures.run(Self.arguments(sandbox), input: CLIFixtures.lines(Self.whole), in: sandbox)
        return (sandbox, second)
    }

    /// Where `text` first appears in `output` (for checking the order of prompts).
    static func offset(of text: String, in output: String) -> Int? {
        output.range(of: text).map { output.distance(from: output.startIndex, to: $0.lowerBound) }
    }

    @Test func enterKeepsLastQuartersAnswerAndATypedLevelReplacesIt() throws {
        let (sandbox, result) = Self.twoQuarters()
        #expect(result.code == .success)
        #expect(result.terminal.unread.isEmpty)
        #expect(result.output.contains("Starting from 2026-Q4:"))
        #expect(result.output.contains("Last quarter (2026-Q4): 3 — Defined\n"))
        #expect(
            result.output.contains(
                "Last quarter (2026-Q4): 2 — Repeatable · note: runbooks exist but are not tested\n"))
        #expect(result.output.contains("Last quarter (2026-Q4): not applicable — we buy no cloud services yet\n"))
        #expect(result.output.contains("OP-01 level 1–5, n <reason>, s skip, ? help [3] ›"))
        #expect(result.output.contains("CG-01 level 1–5, n <reason>, s skip, ? help [n/a] ›"))

        let assessment = try sandbox.assessment(Self.q1)
        #expect(assessment.phase == .complete)
        #expect(assessment.period.description == "2027-Q1")
        let answers = assessment.discover.answers
        #expect(answers["OP-01"] == .level(3))
        #expect(answers["OP-02"] == .level(3, note: "runbooks are tested now"))
        #expect(answers["CG-01"] == .notApplicable(reason: "we buy no cloud services yet"))
        #expect(answers["CG-02"] == .level(4))
        // Last quarter's file is left as it was.
        let previous = try sandbox.assessment(Self.q4)
        #expect(previous.discover.answers["OP-02"] == .level(2, note: "runbooks exist but are not tested"))
        #expect(previous.phase == .complete)
    }

    @Test func outcomesTargetsTopologyAndDecisionsAreCarriedForward() throws {
        let (sandbox, _) = Self.twoQuarters()
        let assessment = try sandbox.assessment(Self.q1)
        #expect(assessment.organization == "Acme")
        #expect(assessment.facilitator == "Dana Lee")
        #expect(assessment.participants.map(\.name) == ["Ana Silva", "Ben Okafor"])
        #expect(assessment.envision.vision == "Releases nobody notices.")
        #expect(assessment.envision.drivers == ["Time to market"])
        let outcome = try #require(assessment.envision.outcomes.first)
        #expect(outcome.title == "Faster recovery")
        let kpi = try #require(outcome.kpis.first)
        #expect(kpi.baseline == 240)
        #expect(kpi.target == 60)
        #expect(kpi.due?.description == "2027-Q4")
        #expect(kpi.baselinePeriod?.description == "2026-Q4")
        #expect(kpi.current == 150)
        #expect(assessment.discover.constraints == ["Hiring freeze"])
        #expect(assessment.discover.upskilling == ["SRE practices"])
        #expect(assessment.build.targets == ["operations": 4, "cost": 5])
        #expect(assessment.build.topology == .federated)
        #expect(assessment.build.endState == "Platform team runs paved roads.")
        #expect(assessment.improve.previous?.description == "2026-Q4")
        #expect(assessment.improve.reviewCadence == "monthly")
        #expect(assessment.improve.nextAssessment?.description == "2027-Q2")
        #expect(assessment.improve.reflections == "Keep going.")
    }

    /// The three steps due by 2027-Q1 are asked about in roadmap order; OP-02@4 (2027-Q2) is not.
    /// MTTR: interim 240 + (60 − 240)·1/4 = 195; 150 moved 90 where 45 was expected → on track.
    @Test func improveAsksTheStatusOfTheStepsThatWereDue() throws {
        let (sandbox, result) = Self.twoQuarters()
        #expect(result.output.contains("Steps due since 2026-Q4"))
        #expect(result.output.contains("What happened to the steps planned up to 2027-Q1?"))
        let asked = [
            "OP-02@3 2→3, planned for 2027-Q1, owner Ben Okafor:", "OP-01@4 3→4, planned for 2027-Q1:",
            "CG-02@5 4→5, planned for 2027-Q1:",
        ].map { Self.offset(of: $0, in: result.output) }
        #expect(asked.allSatisfy { $0 != nil })
        #expect(asked.compactMap { $0 } == asked.compactMap { $0 }.sorted())
        #expect(!result.output.contains("OP-02@4 3→4, planned for"))
        #expect(result.output.contains("Mean time to restore: 150 against an interim target of 195: on track"))

        let decisions = try sandbox.assessment(Self.q1).deliver.decisions
        #expect(decisions["OP-02@3"] == StepDecision(owner: "Ben Okafor", status: .done))
        #expect(decisions["OP-01@4"] == StepDecision(status: .inProgress))
        #expect(decisions["CG-02@5"] == StepDecision(status: .dropped))
    }

    /// Overall 19/6 → 3.2 and 3.5 (+0.3); Operations 7/3 → 2.3 and (3 + 3·2)/3 = 3.0 (+0.7); Cost
    /// 4.0 both; OP-02 moved up 2 → 3 but is still below its target 4 (no gap closed); OP-02@3 is
    /// the step done since; MTTR 200 → 150 against 195, on track.
    @Test func theRoadmapOfTheReassessmentSaysWhatMovedSinceLastQuarter() throws {
        let (sandbox, _) = Self.twoQuarters()
        let roadmap = try #require(sandbox.read("assessments/platform/2027-Q1-roadmap.md"))
        for line in [
            "## Since last quarter (2026-Q4)",
            "Overall maturity moved from 3.2 to 3.5 (+0.3). "
                + "1 question moved up and 0 moved down; 0 gaps closed and 0 opened.",
            "| Domain | 2026-Q4 | Now | Change |",
            "| Operations | 2.3 | 3.0 | +0.7 |",
            "| Cost | 4.0 | 4.0 | 0.0 |",
            "Roadmap steps completed: OP-02@3.",
            "| Mean time to restore | 200 minutes | 150 minutes | 195 minutes | on track |",
        ] {
            #expect(roadmap.contains("\n" + line + "\n"), "missing: \(line)")
        }
        let first = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        #expect(!first.contains("Since last quarter"))
    }

    /// delta = this quarter − last quarter: Operations 3 − 7/3 = 0.67, Cost 4 − 4 = 0; the first
    /// quarter has no previous assessment, so its deltas are null.
    @Test func scoreJSONFillsTheDeltaFromThePreviousAssessment() throws {
        let (sandbox, _) = Self.twoQuarters()
        let now = CLIFixtures.run(["score", sandbox.path(Self.q1), "--json"], in: sandbox)
        #expect(now.code == .success)
        let domains = try #require(try JSONParser.parse(now.output)["domains"]?.arrayValue)
        #expect(domains.map { $0["id"]?.stringValue } == ["operations", "cost"])
        #expect(domains.map { $0["delta"]?.numberValue } == [0.67, 0])
        #expect(domains.map { $0["score"]?.numberValue } == [3, 4])

        let before = CLIFixtures.run(["score", sandbox.path(Self.q4), "--json"], in: sandbox)
        let earlier = try #require(try JSONParser.parse(before.output)["domains"]?.arrayValue)
        #expect(earlier.map { $0["delta"]?.isNull } == [true, true])
        #expect(earlier.map { $0["score"]?.numberValue } == [2.33, 4])
    }

    @Test func compareRunsOnTheTwoQuarters() throws {
        let (sandbox, _) = Self.twoQuarters()
        let markdown = CLIFixtures.run(["compare", sandbox.path(Self.q4), sandbox.path(Self.q1)], in: sandbox)
        #expect(markdown.code == .success)
        #expect(markdown.output.hasPrefix("# What moved: Platform, 2026-Q4 → 2027-Q1\n"))
        #expect(markdown.output.contains("| Operations | 2.3 | 3.0 | +0.7 |"))
        #expect(markdown.output.contains("| OP-02: Are incidents handled well? | Operations | 2 → 3 | runbooks are"))
        #expect(markdown.output.contains("- Steps completed: OP-02@3\n"))
        #expect(
            markdown.output.contains("| Mean time to restore | 200 minutes | 150 minutes | 195 minutes | on track |"))

        // Given the other way round, the files are swapped with a warning. Overall 3.5 − 19/6 = 1/3.
        let json = CLIFixtures.run(
            ["compare", sandbox.path(Self.q1), sandbox.path(Self.q4), "--format", "json"], in: sandbox)
        #expect(json.code == .success)
        #expect(json.errors.contains("older than"))
        let value = try JSONParser.parse(json.output)
        #expect(value["previous"]?.stringValue == "2026-Q4")
        #expect(value["overall"]?["delta"]?.numberValue == 0.33)
        #expect(value["movedUp"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["OP-02"])
    }

    /// Sparkline index round(7·(v − 1)/4): Operations 7/3 → 2.83 ▃, 3 → 4 ▅; Cost 4 → 5.75 ▆ twice;
    /// overall 19/6 → 4.29 ▅, 3.5 → 4.88 ▅. Progress to date, against the mean target (4 + 5)/2:
    /// (3.5 − 19/6) / (4.5 − 19/6) = (1/3) / (4/3) = 0.25.
    @Test func trendRunsAsTextAndJSON() throws {
        let (sandbox, _) = Self.twoQuarters()
        let text = CLIFixtures.run(
            ["trend", "--team", "Platform", "--store", sandbox.store, "--format", "text"], in: sandbox)
        #expect(text.code == .success)
        #expect(
            text.output == """
                Platform: 2026-Q4 → 2027-Q1, 2 assessments
                Operations  ▃▅  2.3 → 3.0
                Cost        ▆▆  4.0 → 4.0
                Overall     ▅▅  3.2 → 3.5

                """)
        let json = CLIFixtures.run(
            ["trend", "--team", "Platform", "--store", sandbox.store, "--format", "json"], in: sandbox)
        #expect(json.code == .success)
        let value = try JSONParser.parse(json.output)
        #expect(value["team"]?.stringValue == "Platform")
        #expect(value["periods"]?.arrayValue?.compactMap { $0["period"]?.stringValue } == ["2026-Q4", "2027-Q1"])
        #expect(value["periods"]?.arrayValue?.compactMap { $0["overall"]?.numberValue } == [3.17, 3.5])
        #expect(value["missingPeriods"]?.arrayValue?.isEmpty == true)
        #expect(value["progressToDate"]?.numberValue == 0.25)
        let markdown = CLIFixtures.run(["trend", "--team", "platform", "--store", sandbox.store], in: sandbox)
        #expect(markdown.code == .success)
        #expect(markdown.output.hasPrefix("# Trend: Platform\n"))
    }

    /// One team, so every question below target is listed: OP-01 3 → 4, OP-02 3 → 4, CG-02 4 → 5,
    /// each one level, in id order.
    @Test func portfolioRunsAsJSON() throws {
        let (sandbox, _) = Self.twoQuarters()
        let result = CLIFixtures.run(["portfolio", "--store", sandbox.store, "--format", "json"], in: sandbox)
        #expect(result.code == .success)
        let value = try JSONParser.parse(result.output)
        let teams = try #require(value["teams"]?.arrayValue)
        #expect(teams.count == 1)
        #expect(teams.first?["team"]?.stringValue == "Platform")
        #expect(teams.first?["period"]?.stringValue == "2027-Q1")
        #expect(teams.first?["rank"]?.numberValue == 1)
        #expect(teams.first?["overall"]?.numberValue == 3.5)
        #expect(teams.first?["questionnaire"]?.stringValue == "mini")
        let groups = try #require(value["groups"]?.arrayValue)
        #expect(groups.count == 1)
        #expect(groups.first?["questionnaire"]?["id"]?.stringValue == "mini")
        #expect(groups.first?["teams"]?.arrayValue?.count == 1)
        let gaps = try #require(groups.first?["commonGaps"]?.arrayValue)
        #expect(gaps.compactMap { $0["id"]?.stringValue } == ["CG-02", "OP-01", "OP-02"])
        #expect(gaps.compactMap { $0["meanGap"]?.numberValue } == [1, 1, 1])
        #expect(value["problems"]?.arrayValue?.isEmpty == true)

        let earlier = CLIFixtures.run(
            ["portfolio", "--store", sandbox.store, "--format", "json", "--period", "2026-Q4"], in: sandbox)
        #expect(earlier.code == .success)
        let rows = try JSONParser.parse(earlier.output)["teams"]?.arrayValue
        #expect(rows?.compactMap { $0["overall"]?.numberValue } == [3.17])
    }

    enum EmptyStore: String, CaseIterable, CustomTestStringConvertible {
        case empty, missing
        var testDescription: String { rawValue }
    }

    @Test(arguments: EmptyStore.allCases)
    func trendWithNothingToShowIsNoInput(store: EmptyStore) {
        let sandbox = Sandbox()
        if store == .empty {
            try? FileManager.default.createDirectory(atPath: sandbox.store, withIntermediateDirectories: true)
        }
        let result = CLIFixtures.run(["trend", "--team", "Platform", "--store", sandbox.store], in: sandbox)
        #expect(result.code == .noInput)
        #expect(result.output.isEmpty)
        switch store {
        case .empty:
            #expect(
                result.errors.contains(
                    "No assessments of \"Platform\" in \(sandbox.store)/platform. The store is empty."))
        case .missing:
            #expect(result.errors.contains("The store \(sandbox.store) does not exist"))
            #expect(!FileManager.default.fileExists(atPath: sandbox.store))
        }
    }

    @Test func trendOfAnUnknownTeamNamesTheTeamsThereAre() {
        let (sandbox, _) = Self.twoQuarters()
        let result = CLIFixtures.run(["trend", "--team", "Data", "--store", sandbox.store], in: sandbox)
        #expect(result.code == .noInput)
        #expect(result.errors.contains("Teams in the store: platform."))
    }

    @Test func portfolioOfAQuarterThatCannotExistIsAUsageError() {
        let (sandbox, _) = Self.twoQuarters()
        let result = CLIFixtures.run(["portfolio", "--store", sandbox.store, "--period", "2027-Q5"], in: sandbox)
        #expect(result.code == .usage)
        #expect(result.errors.contains("'2027-Q5'"))
        #expect(result.output.isEmpty)
    }

    /// An unparsable file in the team's folder is reported and skipped by trend and portfolio, and
    /// its bytes stay as they were.
    @Test func trendAndPortfolioSkipAnUnparsableFileAndLeaveIt() throws {
        let (sandbox, _) = Self.twoQuarters()
        let broken = "assessments/platform/2026-Q3.json"
        let text = "{\"format\": \"opmodel.assessment\", \"formatVersion\": 1, \"team\": \"Platform\""
        sandbox.write(text, to: broken)
        let trend = CLIFixtures.run(
            ["trend", "--team", "Platform", "--store", sandbox.store, "--format", "json"], in: sandbox)
        #expect(trend.code == .success)
        #expect(trend.errors.contains("\(sandbox.path(broken)): skipped:"))
        let periods = try JSONParser.parse(trend.output)["periods"]?.arrayValue
        #expect(periods?.compactMap { $0["period"]?.stringValue } == ["2026-Q4", "2027-Q1"])
        let portfolio = CLIFixtures.run(["portfolio", "--store", sandbox.store, "--format", "json"], in: sandbox)
        #expect(portfolio.code == .success)
        let problems = try JSONParser.parse(portfolio.output)["problems"]?.arrayValue?.compactMap(\.stringValue)
        #expect(problems?.count == 1)
        #expect(problems?.first?.hasPrefix("\(sandbox.path(broken)): skipped:") == true)
        #expect(sandbox.read(broken) == text)
        #expect(!sandbox.exists(broken + ".bak"))
    }

    /// Mini 1.1.0 drops OP-02 and adds OP-03. 2026-Q4 skipped CG-02, which 1.0.0 has: it is not
    /// new. OP-02's answer is kept as an orphaned answer.
    @Test func aNewQuestionnaireVersionListsNewQuestionsAndKeepsRemovedAnswers() throws {
        let sandbox = Sandbox()
        let original = try #require(FileManager.default.contents(atPath: CLIFixtures.miniQuestionnaire))
        var questionnaire = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        var domains = try #require(questionnaire["domains"] as? [[String: Any]])
        var operations = try #require(domains[0]["questions"] as? [[String: Any]])
        var added = operations[0]
        added["id"] = "OP-03"
        added["text"] = "Are changes reviewed?"
        added["kpis"] = nil
        operations = [operations[0], added]
        domains[0]["questions"] = operations
        questionnaire["domains"] = domains
        questionnaire["version"] = "1.1.0"
        let data = try JSONSerialization.data(withJSONObject: questionnaire, options: [.prettyPrinted, .sortedKeys])
        sandbox.write(String(decoding: data, as: UTF8.self), to: "mini-1.1.json")

        let skipCG02 = [
            "3", "2 runbooks exist but are not tested", "n we buy no cloud services yet", "s", "n",
            "Hiring freeze", "", "SRE practices", "",
        ]
        let build = ["4", "3", "3", "Platform team runs paved roads."]
        let first = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox),
            input: CLIFixtures.lines(
                WorkshopScript.envision + skipCG02 + build + ["", "", "", ""] + WorkshopScript.improve),
            in: sandbox)
        #expect(first.code == .success)
        #expect(try sandbox.assessment(Self.q4).discover.answers["CG-02"] == nil)

        // Enter keeps OP-01; OP-03 and CG-02 have no answer from last quarter; then save and quit.
        let second = CLIFixtures.run(
            Self.arguments(sandbox, questionnaire: sandbox.path("mini-1.1.json")),
            input: CLIFixtures.lines(Self.envision + ["", "2", "", "3", "q"]), in: sandbox)
        #expect(second.code == .success)
        #expect(second.output.contains("No longer in the questionnaire: OP-02"))
        #expect(second.output.contains("New in this questionnaire version: OP-03\n"))
        let assessment = try sandbox.assessment(Self.q1)
        #expect(assessment.questionnaire.version == "1.1.0")
        #expect(
            assessment.discover.answers == [
                "OP-01": .level(3), "OP-02": .level(2, note: "runbooks exist but are not tested"), "OP-03": .level(2),
                "CG-01": .notApplicable(reason: "we buy no cloud services yet"), "CG-02": .level(3),
            ])
        #expect(sandbox.exists("assessments/questionnaires/mini@1.1.0.json"))
    }
}
