import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelCLI
@testable import OpModelKit

/// What the room sees on one projected terminal (issue 14): screens that fit, a Deliver phase
/// that does what was typed, time boxes, the parking lot, help that matches the room, and the
/// facilitator's notes.
@Suite("In the room")
struct RoomTests {
    static let file = "assessments/platform/2026-Q4.json"

    // MARK: - Screens

    /// The screens of a session on a terminal: what was printed between two prompts, the next
    /// prompt included (input typed at a terminal is not echoed into the output, and the Enter
    /// that ends it starts the next screen on a new row). The text after the last prompt comes
    /// last.
    static func screens(of output: String) -> [String] {
        let parts = output.components(separatedBy: " › ")
        return parts.dropLast().map { $0 + " ›" } + [parts.last ?? ""]
    }

    /// The screens taller than `rows` at `columns`, each with its height, for the message.
    static func tooTall(_ output: String, columns: Int = 80, rows: Int = 24) -> [String] {
        screens(of: output).compactMap { screen in
            let height = Prompter.rows(of: screen, columns: columns)
            return height > rows ? "\(height) rows:\n\(screen)" : nil
        }
    }

    static let cloudArguments = [
        "assess", "--org", "Acme", "--team", "Platform", "--period", "2026-Q4",
    ]

    /// A whole workshop over the shipped Cloud Operating Model questionnaire with three people,
    /// the kind of session a room runs: help pages, the facilitator's notes, parked items, a
    /// vote the room must settle, and the Deliver commands.
    enum CloudRoom {
        static let envision = [
            "Dana Lee", "Ana Silva, CTO", "Ben Okafor, SRE lead", "Chen Wu, Developer", "",
            "Ship weekly on a platform teams trust.", "Time to market", "",
            "Faster recovery", "?", "19", "240", "60", "2027-Q4", "", "",
        ]

        static var discover: [String] {
            var lines = ["3m"]
            for index in 0..<EndToEndTests.CloudScript.questionCount {
                switch index {
                case 0: lines += ["?", "?", "?", "??", "! Ben: who signs the charter?", "2 3 3"]
                case 1: lines += ["1 4 2", "3", "the sponsor is new"]
                case 5: lines += ["n training is run by the group HR team"]
                case 9: lines += ["9", "3"]
                default: lines.append(["2", "3", "2 3 2", "4"][index % 4])
                }
            }
            return lines + ["Hiring freeze until 2027-Q2", "", "", ""]
        }

        static let build = ["", "4", "", "", "", "federated", "Product teams run their services on golden paths."]
        static let deliver = [
            "", "", "", "?", "d 3", "covered by the data team", "p 4 2027-Q3", "n", "n", "n", "all", "all", "later",
            "12", "undo", "overview", "2027-Q2", "c 12", "2027-Q1", "undo", "o 1 Ana Silva", "",
        ]
        static let improve = ["220", "c 1 the sponsor signs it", "", "monthly", "", "Vote earlier."]
        static var whole: [String] { envision + discover + build + deliver + improve }
    }

    /// At 80×24 no screen of a whole workshop, nor the summary at its end, is taller than the
    /// terminal: the prompt never scrolls away from what it asks about.
    @Test func atEightyByTwentyFourNoScreenIsTallerThanTheTerminal() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store], input: CLIFixtures.lines(CloudRoom.whole), in: sandbox,
            interactive: true, columns: 80, rows: 24)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.terminal.unread.isEmpty, "\(result.terminal.unread)")
        #expect(result.output.contains("Workshop complete"))
        let tall = Self.tooTall(result.output)
        #expect(tall.isEmpty, "\(tall.joined(separator: "\n\n"))")
        // To read the screens as a room would: OPMODEL_ROOM_TRANSCRIPT=/tmp/screens.txt swift test --filter RoomTests
        if let path = ProcessInfo.processInfo.environment["OPMODEL_ROOM_TRANSCRIPT"] {
            try? result.output.write(toFile: path, atomically: true, encoding: .utf8)
        }
        // Descriptors that do not fit are shortened, and the screen says how to see them.
        #expect(result.output.contains("(shortened to fit the screen: ? shows the levels in full)"))
        #expect(result.output.contains("? shows more help and the levels in full"))
        #expect(result.output.contains("The levels of OL-01 in full:"))
        let saved = try sandbox.assessment(Self.file)
        #expect(saved.phase == .complete)
        #expect(saved.discover.answers.count == EndToEndTests.CloudScript.questionCount)
    }

    /// A resized terminal is followed: the same session at 120×40 fits 40 rows, with the
    /// descriptors in full where they fit.
    @Test func atOneHundredTwentyByFortyTheScreensFitToo() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store], input: CLIFixtures.lines(CloudRoom.whole), in: sandbox,
            interactive: true, columns: 120, rows: 40)
        #expect(result.code == .success, "\(result.errors)")
        let tall = Self.tooTall(result.output, columns: 120, rows: 40)
        #expect(tall.isEmpty, "\(tall.joined(separator: "\n\n"))")
    }

    /// Piped input keeps the full text: nothing shortened, the help and the question in full.
    @Test func pipedInputKeepsEveryLine() throws {
        let sandbox = Sandbox()
        var script = CloudRoom.whole
        script.removeFirst(CloudRoom.envision.count)
        script = CloudRoom.envision + Array(script.dropFirst())  // no time box is asked without a terminal
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store], input: CLIFixtures.lines(script), in: sandbox,
            columns: 80)
        #expect(result.code == .success, "\(result.errors)")
        #expect(!result.output.contains("shortened to fit"))
        #expect(!result.output.contains("more lines:"))
        #expect(!result.output.contains("Time box per question"))
        #expect(
            result.output.contains(
                "Nobody above team level owns cloud operations; improvements are\n                paid from project budgets when a project happens to need them,"
            ))
    }

    // MARK: - Deliver

    /// The steps of the first roadmap screen, by number: `#3 PE-02@2` → 3: "PE-02@2".
    static func numbered(_ output: String) -> [Int: String] {
        var steps: [Int: String] = [:]
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 2, words[0].hasPrefix("#"), let number = Int(words[0].dropFirst()),
                words[1].contains("@")
            else { continue }
            steps[number] = steps[number] ?? String(words[1])
        }
        return steps
    }

    /// Edits by number and by id keep naming the same step after drops and pins, `undo` reverts
    /// them one by one, and the stored decisions are exactly what was typed.
    @Test func deliverEditsByNumberAndIdAcrossDropsPinsOwnersAndUndo() throws {
        let sandbox = Sandbox()
        let before =
            EndToEndTests.CloudScript.envision + EndToEndTests.CloudScript.discover
            + EndToEndTests.CloudScript.build
        // First run: stop at the roadmap to learn its numbering.
        let first = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store],
            input: CLIFixtures.lines(before + ["", "", "", "n", "n", "q"]),
            in: sandbox)
        let steps = Self.numbered(first.output)
        let three = try #require(steps[3])
        let four = try #require(steps[4])
        let five = try #require(steps[5])
        let six = try #require(steps[6])

        let deliver = [
            "d 3",  // the reason is asked
            "covered by the data team",
            "p 4 2027-Q3",  // #4 is still the fourth step shown first, after the drop
            "o \(five.lowercased()) Ana Silva",  // an id in any case
            "p #6 2027-Q4",
            "undo",  // reverts the pin of #6
            "u \(three)",  // restores #3 by id
            "d 3 not this year",
            "undo",  // #3 restored again
            "undo",  // #3 dropped again, with the first reason
            "",
        ]
        let result = CLIFixtures.run(
            ["assess", sandbox.path(Self.file)], input: CLIFixtures.lines(deliver + ["q"]), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        let output = result.output
        #expect(output.contains("Why is \(three) dropped? (a reason is required; Enter cancels)"))
        #expect(output.contains("✓ #3 \(three) dropped from "))
        #expect(output.contains("✓ #4 \(four) pinned to 2027-Q3"))
        #expect(output.contains("✓ #5 \(five) is owned by Ana Silva"))
        #expect(output.contains("✓ Undid “#6 \(six) pinned to 2027-Q4"))
        #expect(output.contains("✓ #3 \(three) restored, now in "))

        let decisions = try sandbox.assessment(Self.file).deliver.decisions
        #expect(decisions[three] == StepDecision(status: .dropped, reason: "covered by the data team"))
        #expect(decisions[four] == StepDecision(quarter: Period("2027-Q3")))
        #expect(decisions[five] == StepDecision(owner: "Ana Silva"))
        #expect(decisions[six] == nil)
        #expect(decisions.count == 3)
    }

    @Test func deliverRefusesWhatItCannotDoAndSaysWhy() throws {
        let sandbox = Sandbox()
        let before =
            EndToEndTests.CloudScript.envision + EndToEndTests.CloudScript.discover
            + EndToEndTests.CloudScript.build
        let deliver = ["", "", "", "undo", "d 999 gone", "p OL-99@3 2027-Q2", "x 3", "2031-Q1", "u 1", "q"]
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store], input: CLIFixtures.lines(before + deliver), in: sandbox)
        #expect(result.output.contains("! Nothing to undo: no edit of the roadmap in this session."))
        #expect(result.output.contains("! There is no step #999; the steps are numbered 1 to "))
        #expect(result.output.contains("! There is no step OL-99@3 in the roadmap."))
        #expect(result.output.contains("! Unknown command 'x'."))
        #expect(result.output.contains("! The roadmap runs from 2027-Q1 to 2027-Q4; h N plans more quarters."))
        #expect(result.output.contains(" is not dropped."))
        #expect(try sandbox.assessment(Self.file).deliver.decisions.isEmpty)
    }

    /// The overview gives each quarter its steps and its load against capacity; paging shows one
    /// quarter at a time.
    @Test func theOverviewAndThePages() throws {
        let sandbox = Sandbox()
        let before =
            EndToEndTests.CloudScript.envision + EndToEndTests.CloudScript.discover
            + EndToEndTests.CloudScript.build
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store],
            input: CLIFixtures.lines(before + ["", "", "", "n", "2027-Q3", "p", "later", "q"]), in: sandbox)
        let output = result.output
        // Sizes are the questionnaire's effort points (DESIGN §10.2): 4 points a quarter.
        #expect(output.contains("Roadmap from 2027-Q1, 4 quarters, up to 4 points a quarter"))
        #expect(output.contains("  2027-Q1   3 steps  ████████ 4/4 points"))
        #expect(output.contains("  2027-Q1 · quarter 1 of 4 · 3 steps · 4/4 points"))
        #expect(output.contains("  2027-Q2 · quarter 2 of 4 · 2 steps · 4/4 points"))
        #expect(output.contains("  2027-Q3 · quarter 3 of 4 · 2 steps · 4/4 points"))
        #expect(output.contains("  #1 OL-04@2 1→2 · 1 pt · no owner · Operations leadership · Organization"))
        // The KPI due in 2027-Q4 (time to restore) cannot be met: the overview says so.
        #expect(output.contains("⚠ Time to restore service"))
        #expect(output.contains("due 2027-Q4: CO-06@4, CO-04@4 are not scheduled"))
        #expect(output.contains("  Later (backlog) · "))
    }

    /// Deliver counts a quarter in the planner's effort points and warns of the KPI deadlines
    /// its steps miss, from one place.
    @Test func theLoadCountsPointsAndWarnsOfDeadlinesAtRisk() {
        var step = RoadmapStep(
            id: "Q1@3", domainID: "d", questionID: "Q1", area: nil, fromLevel: 2, toLevel: 3, action: "Act.",
            owner: nil, status: .planned, pinned: nil, quarter: Period("2027-Q3"), priority: 1, linksChosenKPI: true,
            backlogReason: nil)
        step.effort = 3
        var roadmap = Roadmap(
            start: Period.latest, horizonQuarters: 1, capacityPerQuarter: 4, milestones: [], backlog: [], dropped: [],
            conflicts: [])
        let due = Period("2027-Q2") ?? .latest
        roadmap.deadlines = [
            KPIDeadline(
                kpi: "k", name: "Lead time", due: due, steps: ["Q1@3", "Q2@3"],
                late: [
                    LateStep(id: "Q1@3", period: Period("2027-Q3"), why: "capacity: no room in 2027-Q2"),
                    LateStep(id: "Q2@3", period: nil, why: "no capacity left in the horizon"),
                ])
        ]
        #expect(RoadmapLoad.unit == "point")
        #expect(RoadmapLoad.size(of: step) == 3)
        #expect(RoadmapLoad.capacity(of: roadmap) == 4)
        #expect(
            RoadmapLoad.deadlineWarnings(in: Period("2027-Q3"), of: roadmap) == [
                "Lead time due 2027-Q2: Q1@3 lands too late"
            ])
        #expect(RoadmapLoad.deadlineWarnings(in: nil, of: roadmap) == ["Lead time due 2027-Q2: Q2@3 is not scheduled"])
        #expect(RoadmapLoad.deadlineWarnings(in: Period("2027-Q1"), of: roadmap).isEmpty)
        #expect(RoadmapLoad.loadText(3, capacity: 4) == "3/4 points")
    }

    // MARK: - Time boxes

    /// With `--timebox 90s` and a minute per line typed, each question shows its domain's time
    /// against the domain's box, says once when a question runs past its box, and the domain
    /// summary shows time against the box. The report lists the slowest questions.
    @Test func aTimeboxShowsTheTimeAndSaysWhenItIsOver() throws {
        let sandbox = Sandbox()
        let discover = [
            "3",  // OP-01: one minute
            "?", "9", "2 runbooks exist but are not tested",  // OP-02: three minutes, past its box at the 9
            "n we buy no cloud services yet", "4",
            "Hiring freeze", "", "SRE practices", "",
        ]
        let result = FacilitationTests.runTimed(
            FacilitationTests.assessArguments(sandbox) + ["--timebox", "90s"],
            input: WorkshopScript.envision + discover + WorkshopScript.build + WorkshopScript.deliver
                + WorkshopScript.improve, in: sandbox, interactive: true, columns: 120)
        #expect(result.code == .success, "\(result.errors)")
        let output = result.output
        #expect(!output.contains("Time box per question"), "--timebox is not asked again")
        #expect(output.contains("⏱ Operations 0 s of 3 min · a question's box 1 min 30 s"))
        #expect(output.contains("⏱ Operations 1 min of 3 min · a question's box 1 min 30 s"))
        #expect(output.contains("⏱ 2 min on OP-02, past its 1 min 30 s box: settle on a level, park the rest"))
        #expect(output.components(separatedBy: "past its 1 min 30 s box").count == 2, "said once")
        #expect(output.contains("⏱ OP-02 took 3 min, over its 1 min 30 s box."))
        // Wrapped at 100 columns: "… 4 min of a 3 min box (1 | min over)".
        #expect(
            output.contains(
                "Operations done: 2.3 Repeatable, 2 answered, 0 not applicable, 0 unanswered, 4 min of a 3 min box (1"))
        #expect(Self.tooTall(output, columns: 120).isEmpty)

        let saved = try sandbox.assessment(FacilitationTests.file)
        #expect(saved.discover.timebox == 90)
        #expect(saved.timings["question/OP-01"] == 60)
        #expect(saved.timings["question/OP-02"] == 180)

        let report = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        #expect(report.contains("## For the facilitator"))
        #expect(report.contains("question time box: 1 min 30 s a question."))
        #expect(report.contains("| OP-02: Are incidents handled well? | Operations | 3 min | over by 1 min 30 s |"))
        #expect(report.contains("| CG-02: "))
        switch try MarkdownLinter.lint(file: sandbox.path("assessments/platform/2026-Q4-roadmap.md")) {
        case .notInstalled: #expect(!MarkdownLinter.isRequired)
        case .clean: break
        case .problems(let problems): Issue.record("\(problems)")
        }
        let json = CLIFixtures.run(["report", sandbox.path(FacilitationTests.file), "--format", "json"], in: sandbox)
        let context = try JSONParser.parse(Array(json.output.utf8))
        let slowest = context["facilitation"]?["slowestQuestions"]?.arrayValue ?? []
        #expect(slowest.first?["id"] == "OP-02")
        #expect(slowest.first?["seconds"] == 180)
        #expect(context["facilitation"]?["timebox"] == 90)
    }

    /// On a terminal without `--timebox`, Discover asks for one first; piped input is not asked.
    @Test func theStartOfDiscoverOffersATimebox() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            FacilitationTests.assessArguments(sandbox),
            input: CLIFixtures.lines(WorkshopScript.envision + ["three minutes", "1m30s", "q"]), in: sandbox,
            interactive: true, columns: 80)
        #expect(result.output.contains("Time box per question (90s, 3m, 1m30s; - for none)"))
        #expect(result.output.contains("! Write a duration such as 90s, 3m or 1m30s (at most a day)."))
        #expect(try sandbox.assessment(FacilitationTests.file).discover.timebox == 90)
    }

    @Test(arguments: [
        ("90s", 90.0), ("3m", 180), ("1m30s", 90), ("2 min", 120), ("1h", 3600), ("45 sec", 45),
    ])
    func durationsAreReadAsPeopleTypeThem(text: String, seconds: Double) {
        #expect(Timebox.parse(text) == seconds)
    }

    @Test(arguments: ["", "3", "m", "3x", "-1m", "2d", "25h", "0s", "1.5m"])
    func whatIsNotADurationIsRefused(text: String) {
        #expect(Timebox.parse(text) == nil)
    }

    @Test func aWrongTimeboxOptionIsAUsageError() {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            FacilitationTests.assessArguments(sandbox) + ["--timebox", "soon"], in: sandbox)
        #expect(result.code == .usage)
        #expect(result.errors.contains("The value 'soon' is invalid for '--timebox <duration>'"))
    }

    // MARK: - The parking lot

    /// Quarter one: an item parked at a Discover question by a named participant, one at a Build
    /// prompt; both listed at the end of Discover (the first) and in Improve, where the first is
    /// closed. Quarter two: the open one comes back in Improve until it is closed.
    @Test func parkedItemsAreKeptListedClosedAndCarriedIntoTheNextQuarter() throws {
        let sandbox = Sandbox()
        var discover = WorkshopScript.discover
        discover.insert(contentsOf: ["!", "! Ben Okafor: who pays for on-call?"], at: 0)
        discover += [""]  // the parking lot at the end of Discover: Enter goes on
        let build = ["! Chen: check the backups"] + WorkshopScript.build
        let improve = ["200", "c 1 finance pays from Q1", "", "monthly", "", "Vote earlier next time."]
        let first = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox),
            input: CLIFixtures.lines(WorkshopScript.envision + discover + build + WorkshopScript.deliver + improve),
            in: sandbox)
        #expect(first.code == .success, "\(first.errors)")
        #expect(first.terminal.unread.isEmpty)
        let output = first.output
        #expect(output.contains("! Type the item after the !"))
        #expect(output.contains("✓ Parked #1 (Ben Okafor): who pays for on-call?"))
        // Chen is no participant here: the text is kept whole.
        #expect(output.contains("✓ Parked #2: Chen: check the backups"))
        #expect(output.contains("Parked during Discover, to come back to:"))
        #expect(output.contains("#1 who pays for on-call? — Ben Okafor · Discover · OP-01"))
        #expect(output.contains("#2 Chen: check the backups — Build"))
        #expect(output.contains("✓ Closed #1: who pays for on-call? — finance pays from Q1"))

        let q4 = try sandbox.assessment(Self.file)
        var closed = ParkingLotItem(
            text: "who pays for on-call?", raisedBy: "Ben Okafor", phase: .discover, question: "OP-01",
            raisedIn: Period("2026-Q4"))
        closed.closedIn = Period("2026-Q4")
        closed.resolution = "finance pays from Q1"
        let open = ParkingLotItem(text: "Chen: check the backups", phase: .build, raisedIn: Period("2026-Q4"))
        #expect(q4.parkingLot == [closed, open])
        #expect(AssessmentValidator.problems(q4, questionnaire: try Self.mini()).isEmpty)

        let report = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        #expect(report.contains("## Parking lot"))
        #expect(report.contains("| 2 | Chen: check the backups | – | Build | 2026-Q4 |"))
        #expect(report.contains("| 1 | who pays for on-call? | Ben Okafor | 2026-Q4 | finance pays from Q1 |"))
        switch try MarkdownLinter.lint(file: sandbox.path("assessments/platform/2026-Q4-roadmap.md")) {
        case .notInstalled: #expect(!MarkdownLinter.isRequired)
        case .clean: break
        case .problems(let problems): Issue.record("\(problems)")
        }

        // The next quarter: the open item is carried, listed at the end of Discover and in Improve.
        let q1Improve = ["d", "i", "x", "150", "c 1 restore tested in March", "", "", "", "Keep going."]
        let second = CLIFixtures.run(
            ReassessmentTests.arguments(sandbox),
            input: CLIFixtures.lines(
                ReassessmentTests.envision + ReassessmentTests.discover + [""] + ReassessmentTests.build
                    + ReassessmentTests.deliver + q1Improve), in: sandbox)
        #expect(second.code == .success, "\(second.errors)")
        #expect(second.terminal.unread.isEmpty)
        #expect(second.output.contains("Which parked items are settled?"))
        #expect(second.output.contains("#1 Chen: check the backups — Build · since 2026-Q4"))
        #expect(second.output.contains("Every item is closed."))
        let q1 = try sandbox.assessment(ReassessmentTests.q1)
        var settled = open
        settled.closedIn = Period("2027-Q1")
        settled.resolution = "restore tested in March"
        #expect(q1.parkingLot == [settled])
        // Closed items stay in the quarter that closed them.
        #expect(try sandbox.assessment(Self.file).parkingLot.count == 2)
    }

    static func mini() throws -> Questionnaire {
        try DocumentLoader.loadQuestionnaire(at: CLIFixtures.miniQuestionnaire, fileSystem: LocalFileSystem())
    }

    @Test func anOldFileWithoutAParkingLotStillLoadsAndSavesUnchanged() throws {
        let assessment = try DocumentLoader.assessment(
            from: Array(
                #"{"format": "opmodel.assessment", "formatVersion": 1, "id": "a", "team": "T", "period": "2026-Q4", "questionnaire": {"id": "mini", "version": "1.0.0"}}"#
                    .utf8), file: "old.json")
        #expect(assessment.parkingLot.isEmpty)
        #expect(assessment.discover.timebox == nil)
        let written = try DocumentWriter.text(of: assessment)
        #expect(!written.contains("parkingLot"))
        #expect(!written.contains("timebox"))
    }

    // MARK: - Help that matches the room

    /// `?` gives examples on this questionnaire's scale and for the people in the room.
    @Test func helpExamplesUseTheRoomsParticipantsAndScale() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            FacilitationTests.assessArguments(sandbox),
            input: CLIFixtures.lines(FacilitationTests.envisionOfThree + ["?", "q"]), in: sandbox)
        #expect(result.output.contains("With 3 participants, type one level"))
        #expect(result.output.contains("each in the order listed (\"3 4 2\")"))
        #expect(result.output.contains("Answer with a level from 1 to 5"))
        #expect(Workshop.voteExample(count: 4, levels: 0...3) == "1 2 0 1")
        #expect(Workshop.exampleLevel(0...3) == 1)
        #expect(Workshop.exampleLevel(1...5) == 3)
    }

    /// Deliver's help names a real step, a real quarter and a participant.
    @Test func deliversHelpUsesThisRoadmap() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox),
            input: CLIFixtures.lines(
                WorkshopScript.envision + WorkshopScript.discover + WorkshopScript.build + ["", "", "", "?", "q"]),
            in: sandbox)
        #expect(result.output.contains("o 1 Ana Silva"))
        #expect(result.output.contains("p 1 2027-Q2"))
        #expect(result.output.contains("an id such as OP-02@3 works wherever a number does"))
    }

    // MARK: - The facilitator's view

    @Test func theNotesSplitTheHelpIntoListenForTieBreakerAndScope() throws {
        let cloud = try ResourceLocator(searchFolders: [CLIFixtures.repositoryRoot], fileSystem: LocalFileSystem())
            .questionnaire("cloud-operating-model")
        let question = try #require(cloud.questionnaire.question(id: "OL-02")?.question)
        let notes = FacilitatorNotes(question)
        #expect(notes.listenFor.first?.hasPrefix("Open this quarter's objectives") == true)
        #expect(
            notes.tieBreakers == ["Goals that appear only in a strategy deck and were never reviewed count as level 2."]
        )
        #expect(notes.scope == ["The operations report and dashboard the goals are read from are asked in SM-05."])
        #expect(
            FacilitatorNotes.sentences("Ask e.g. the lead. Then check 2.5 days. Done") == [
                "Ask e.g. the lead.", "Then check 2.5 days.", "Done",
            ])
    }

    /// `--facilitator-notes` writes each question's notes to standard error, away from the room's
    /// screen; `??` shows them on screen.
    @Test func facilitatorNotesGoToStandardErrorAndOnScreenWithTwoQuestionMarks() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            Self.cloudArguments + ["--store", sandbox.store, "--facilitator-notes"],
            input: CLIFixtures.lines(EndToEndTests.CloudScript.envision + ["??", "q"]), in: sandbox)
        #expect(result.errors.contains("── OL-01 · Operations leadership, question 1 of "))
        #expect(result.errors.contains("Listen for: Ask who approved the current cloud operations budget"))
        #expect(result.errors.contains("Tie-breaker: If nobody in the room can name the sponsor"))
        #expect(!result.output.contains("── OL-01"), "the notes stay off the room's screen")
        #expect(result.output.contains("For the facilitator: OL-01"))
    }
}
