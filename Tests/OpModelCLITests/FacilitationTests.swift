import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelCLI
@testable import OpModelKit

/// A clock that moves on by one minute at every line the room types, so that the time of each
/// step is known: 60 s per line read during it.
final class MinuteClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var date = FixedClock().date

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return date
    }

    func advance() {
        lock.lock()
        date += 60
        lock.unlock()
    }
}

/// A scripted terminal on which every line read takes a minute of `clock`.
final class TimedTerminal: Terminal {
    let inner: ScriptedTerminal
    let clock: MinuteClock

    init(_ inner: ScriptedTerminal, clock: MinuteClock) {
        self.inner = inner
        self.clock = clock
    }

    func readLine() -> TerminalInput {
        clock.advance()
        return inner.readLine()
    }

    func write(_ text: String) { inner.write(text) }
    func writeError(_ text: String) { inner.writeError(text) }
    var inputIsInteractive: Bool { inner.inputIsInteractive }
    var outputIsInteractive: Bool { inner.outputIsInteractive }
    var errorIsInteractive: Bool { inner.errorIsInteractive }
    var columns: Int { inner.columns }
    var rows: Int { inner.rows }
}

/// Facilitating several respondents: live votes, respondent files, merge, survey import,
/// anonymised reports, and imported lenses answered by ticking choices.
@Suite("Facilitation")
struct FacilitationTests {
    static let mini = CLIFixtures.miniQuestionnaire

    static func assessArguments(_ sandbox: Sandbox) -> [String] {
        [
            "assess", "--questionnaire", mini, "--org", "Acme", "--team", "Platform", "--period", "2026-Q4",
            "--store", sandbox.store,
        ]
    }

    static func respondentArguments(_ sandbox: Sandbox, _ name: String, questionnaire: String = mini) -> [String] {
        [
            "assess", "--questionnaire", questionnaire, "--team", "Platform", "--period", "2026-Q4", "--store",
            sandbox.store, "--respondent", name,
        ]
    }

    /// Runs `opmodel arguments` with a clock that advances a minute per line read.
    static func runTimed(
        _ arguments: [String], input: [String], in sandbox: Sandbox, interactive: Bool = false, columns: Int = 100,
        rows: Int = 24
    ) -> CLIResult {
        let clock = MinuteClock()
        let scripted = ScriptedTerminal(
            CLIFixtures.lines(input), interactive: interactive, columns: columns, rows: rows)
        let environment = CommandEnvironment(
            terminal: TimedTerminal(scripted, clock: clock), fileSystem: LocalFileSystem(), clock: clock,
            variables: [:], currentDirectory: sandbox.root, executableDirectory: nil, invocation: "opmodel",
            processID: 4242, hostName: "test-host", isProcessRunning: { _ in false },
            makeIdentifier: { "assessment-under-test" })
        let code = OpModelCLI.run(arguments, environment: environment)
        return CLIResult(code: code, output: scripted.output, errors: scripted.errors, terminal: scripted)
    }

    // MARK: - A live vote

    /// Envision with three participants (15 lines: facilitator, 3 people and Enter, vision,
    /// a driver and Enter, an outcome with one KPI and two Enters).
    static let envisionOfThree =
        ["Dana Lee", "Ana Silva, CTO", "Ben Okafor, SRE lead", "Chen Wu, Developer", ""]
        + Array(WorkshopScript.envision[4...])

    static let votingDiscover = [
        "2 3 3",  // OP-01: spread 1, median 3; no consensus asked (1 line, 60 s)
        "1 4 2 on-call is new",  // OP-02: spread 3, median 2 (4 lines with the next three, 240 s)
        "9",  // not a level: asked again
        "3",  // the consensus
        "runbooks exist for the main services",  // the reason
        "3 1 1",  // CG-01: spread 2, median 1 (3 lines, 180 s)
        "",  // Enter takes the median
        "",  // no reason
        "4 4 4",  // CG-02: spread 0 (1 line, 60 s)
        "", "",  // constraints, upskilling (120 s)
    ]

    static let file = "assessments/platform/2026-Q4.json"

    static func liveVote() -> (Sandbox, CLIResult) {
        let sandbox = Sandbox()
        let script =
            envisionOfThree + votingDiscover + WorkshopScript.build + WorkshopScript.deliver + WorkshopScript.improve
        return (sandbox, runTimed(assessArguments(sandbox), input: script, in: sandbox))
    }

    @Test func aLiveVoteStoresVotesConsensusAndReason() throws {
        let (sandbox, result) = Self.liveVote()
        #expect(result.code == .success)
        #expect(result.terminal.unread.isEmpty)
        let output = result.output
        #expect(output.contains("Vote mode: one level per participant in this order: Ana Silva, Ben Okafor, Chen Wu"))
        #expect(output.contains("Votes: Ana Silva 2, Ben Okafor 3, Chen Wu 3 · median 3 · spread 1"))
        #expect(!output.contains("The room disagrees (spread 1)"))
        #expect(output.contains("Votes: Ana Silva 1, Ben Okafor 4, Chen Wu 2 · median 2 · spread 3"))
        #expect(output.contains("The room disagrees (spread 3)"))
        #expect(output.contains("Consensus level [2] › "))
        #expect(output.contains("Type a level from 1 to 5."))
        #expect(output.contains("Why did the room settle on 3?"))
        #expect(output.contains("Votes: Ana Silva 3, Ben Okafor 1, Chen Wu 1 · median 1 · spread 2"))
        #expect(output.contains("Consensus level [1] › "))
        #expect(output.contains("Why did the room settle on 1?"))

        let saved = try sandbox.assessment(Self.file)
        #expect(saved.phase == .complete)
        // Each new participant's id comes from the name, so that no id ever passes to someone else.
        #expect(saved.participants.map(\.id) == ["ana-silva", "ben-okafor", "chen-wu"])
        let answers = saved.discover.answers
        #expect(answers["OP-01"] == Answer(level: 3, votes: ["ana-silva": 2, "ben-okafor": 3, "chen-wu": 3]))
        var settled = Answer(level: 3, note: "on-call is new", votes: ["ana-silva": 1, "ben-okafor": 4, "chen-wu": 2])
        settled.reason = "runbooks exist for the main services"
        #expect(answers["OP-02"] == settled)
        #expect(answers["CG-01"] == Answer(level: 1, votes: ["ana-silva": 3, "ben-okafor": 1, "chen-wu": 1]))
        #expect(answers["CG-02"] == Answer(level: 4, votes: ["ana-silva": 4, "ben-okafor": 4, "chen-wu": 4]))

        // A minute per line: Envision 15 lines; Operations 1 + 4; Cost 3 + 1; the rest of
        // Discover 2; Build 4; Deliver 5; Improve 4. Each question keeps its own time too.
        #expect(
            saved.timings == [
                "envision": 900, "discover/operations": 300, "discover/cost": 240, "discover": 120, "build": 240,
                "deliver": 300, "improve": 240, "question/OP-01": 60, "question/OP-02": 240, "question/CG-01": 180,
                "question/CG-02": 60,
            ])
    }

    @Test func aSummaryFollowsEachDomain() throws {
        let (_, result) = Self.liveVote()
        let output = result.output
        // Operations: OP-01 3 (weight 1) and OP-02 3 (weight 2) → 3.0; five lines, five minutes.
        let operations = "Operations done: 3.0 Defined, 2 answered, 0 not applicable, 0 unanswered, 5 min"
        // Cost: CG-01 1 and CG-02 4 → 2.5, Repeatable; four lines, four minutes.
        let cost = "Cost done: 2.5 Repeatable, 2 answered, 0 not applicable, 0 unanswered, 4 min"
        let flaggedOperations = "Discussed (votes spread by 2 or more): OP-02 (runbooks exist for the main services)"
        let flaggedCost = "Discussed (votes spread by 2 or more): CG-01\n"
        for line in [operations, flaggedOperations, cost, flaggedCost] {
            #expect(output.contains(line), "missing: \(line)")
        }
        // In order: after the domain's last question, before the next domain's first.
        let positions = [
            "Are incidents handled well?", operations, flaggedOperations, "Are resources tagged?", cost, flaggedCost,
            "What constrains the change?",
        ].map { output.range(of: $0)?.lowerBound }
        let found = positions.compactMap { $0 }
        #expect(found.count == positions.count)
        #expect(found == found.sorted())
        #expect(!output.contains("OP-01 (") && !output.contains("): OP-01"))
    }

    @Test func theRoadmapShowsWhereTheRoomDisagreed() throws {
        let (sandbox, result) = Self.liveVote()
        #expect(result.code == .success)
        let roadmap = try #require(sandbox.read("assessments/platform/2026-Q4-roadmap.md"))
        #expect(roadmap.contains("## Where the room disagreed"))
        #expect(
            roadmap.contains(
                "| OP-02: Are incidents handled well? | Operations | Ana Silva 1, Ben Okafor 4, Chen Wu 2 "
                    + "| 1 vote at level 1, 1 at level 2, 1 at level 4 | 3 — Defined | runbooks exist for the main services |"
            ))
        #expect(
            roadmap.contains(
                "| CG-01: Are resources tagged? | Cost | Ana Silva 3, Ben Okafor 1, Chen Wu 1 | 2 votes at level 1, 1 at level 3 "
                    + "| 1 — Initial | – |"))
        // OP-01 (spread 1) and CG-02 (spread 0) are not listed.
        #expect(!roadmap.contains("| OP-01: Do services emit telemetry? | Operations | Ana Silva"))
        #expect(!roadmap.contains("| CG-02: Do teams see their cost? | Cost | Ana Silva"))
        // r_wg on 5 points (σ²_EU = 2): OP-01 2 3 3 → s² = 1/3, 5/6; OP-02 1 4 2 → s² = 7/3, −1/6 → 0;
        // Operations (5/6 + 0) / 2 = 0.4167. CG-01 3 1 1 → s² = 4/3, 1/3; CG-02 4 4 4 → 1;
        // Cost (1/3 + 1) / 2 = 0.6667.
        #expect(roadmap.contains("| Operations | 0.42 |"))
        #expect(roadmap.contains("| Cost | 0.67 |"))
        // The explanation, with the underscore of r_wg escaped for Markdown.
        #expect(roadmap.contains(Agreement.explanation.replacingOccurrences(of: "r_wg", with: "r\\_wg")))
    }

    // MARK: - Respondents

    static let anaAnswers = ["1 no dashboards yet", "3", "n not our service", "2", "Hiring freeze", "", ""]
    static let benAnswers = ["4 runbooks are tested", "3", "2", "2", "Budget cap", "", "SRE practices", ""]
    static let respondentFolder = "assessments/platform/respondents/2026-Q4"

    @Test func aRespondentAnswersDiscoverAloneIntoTheirOwnFile() throws {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            Self.respondentArguments(sandbox, "Ana Silva"), input: CLIFixtures.lines(Self.anaAnswers), in: sandbox)
        #expect(result.code == .success)
        #expect(result.terminal.unread.isEmpty)
        let file = "\(Self.respondentFolder)/ana-silva.json"
        #expect(sandbox.exists(file))
        #expect(!sandbox.exists(Self.file))
        // Discover only: no organization asked, no Envision, no Build.
        #expect(!result.output.contains("Organization"))
        #expect(!result.output.contains("Phase 1 of 5"))
        #expect(!result.output.contains("Phase 3 of 5"))
        #expect(!result.output.contains("Vote mode"))
        #expect(result.output.contains("Ana Silva's answers are saved in \(sandbox.path(file))."))
        #expect(
            result.output.contains(
                "opmodel merge \(sandbox.path(Self.respondentFolder))/*.json "
                    + "--output \(sandbox.store)/platform/2026-Q4.json"))

        let saved = try sandbox.assessment(file)
        #expect(saved.phase == .complete)
        #expect(saved.respondent == "Ana Silva")
        #expect(saved.participants == [Participant(id: "p1", name: "Ana Silva")])
        #expect(saved.organization == nil)
        #expect(saved.envision.vision == nil)
        #expect(saved.build.targets.isEmpty)
        #expect(saved.discover.answers["OP-01"] == .level(1, note: "no dashboards yet"))
        #expect(saved.discover.answers["OP-02"] == .level(3))
        #expect(saved.discover.answers["CG-01"] == .notApplicable(reason: "not our service"))
        #expect(saved.discover.answers["CG-02"] == .level(2))
        #expect(saved.discover.constraints == ["Hiring freeze"])
    }

    /// Ana's and Ben's respondent sessions, merged into `assessments/platform/2026-Q4.json`.
    static func mergedRespondents(_ sandbox: Sandbox) -> CLIResult {
        _ = CLIFixtures.run(
            respondentArguments(sandbox, "Ana Silva"), input: CLIFixtures.lines(anaAnswers), in: sandbox)
        _ = CLIFixtures.run(
            respondentArguments(sandbox, "Ben Okafor"), input: CLIFixtures.lines(benAnswers), in: sandbox)
        return CLIFixtures.run(
            [
                "merge", sandbox.path("\(respondentFolder)/ana-silva.json"),
                sandbox.path("\(respondentFolder)/ben-okafor.json"), "--output", sandbox.path(file),
            ], in: sandbox)
    }

    @Test func mergingTwoRespondentFiles() throws {
        let sandbox = Sandbox()
        let result = Self.mergedRespondents(sandbox)
        #expect(result.code == .success, "\(result.errors)")
        // OP-01 1 and 4 (spread 3) is the only question to discuss.
        #expect(
            result.output.contains(
                "Merged 2 respondents into \(sandbox.path(Self.file)): 4 questions answered, "
                    + "1 with votes 2 or more levels apart to discuss."))
        #expect(result.output.contains("Run the workshop with: opmodel assess \(sandbox.path(Self.file))"))

        let merged = try sandbox.assessment(Self.file)
        #expect(merged.id == "assessment-under-test")
        #expect(merged.team == "Platform")
        #expect(merged.period.description == "2026-Q4")
        #expect(merged.questionnaire.id == "mini")
        #expect(merged.phase == .envision)
        #expect(merged.respondent == nil)
        #expect(
            merged.participants == [
                Participant(id: "p1", name: "Ana Silva"), Participant(id: "p2", name: "Ben Okafor"),
            ])
        let answers = merged.discover.answers
        var first = Answer(
            level: 1, note: "Ana Silva: no dashboards yet; Ben Okafor: runbooks are tested", votes: ["p1": 1, "p2": 4])
        first.voteNotes = ["p1": "no dashboards yet", "p2": "runbooks are tested"]
        #expect(answers["OP-01"] == first)  // the lower median of 1 and 4
        #expect(answers["OP-02"] == Answer(level: 3, votes: ["p1": 3, "p2": 3]))
        #expect(
            answers["CG-01"]
                == Answer(level: 2, note: "Ana Silva marked it not applicable: not our service", votes: ["p2": 2]))
        #expect(answers["CG-02"] == Answer(level: 2, votes: ["p1": 2, "p2": 2]))
        #expect(merged.discover.constraints == ["Hiring freeze", "Budget cap"])
        #expect(merged.discover.upskilling == ["SRE practices"])
    }

    static func respondentFile(
        _ name: String, period: String = "2026-Q4", version: String = "1.0.0", questionnaire: String = "mini"
    ) throws -> String {
        let quarter = try #require(Period(period))
        var assessment = Assessment(
            id: "r-\(name)", organization: nil, team: "Platform", period: quarter,
            questionnaire: QuestionnaireReference(id: questionnaire, version: version),
            createdAt: "2026-11-01T00:00:00Z")
        assessment.respondent = name
        assessment.participants = [Participant(id: "p1", name: name)]
        assessment.phase = .complete
        assessment.discover.answers = ["OP-01": .level(3)]
        return try DocumentWriter.text(of: assessment)
    }

    struct MergeRefusal: Sendable, CustomTestStringConvertible {
        var name: String
        var second: String
        var period = "2026-Q4"
        var version = "1.0.0"
        var questionnaire = "mini"
        var error: String
        var testDescription: String { name }
    }

    static let mergeRefusals: [MergeRefusal] = [
        MergeRefusal(
            name: "another quarter", second: "Ben Okafor", period: "2027-Q1",
            error: "second.json: period: 2027-Q1 differs from 2026-Q4 in "),
        MergeRefusal(
            name: "another version", second: "Ben Okafor", version: "1.1.0",
            error: "second.json: questionnaire.version: 1.1.0 differs from 1.0.0 in "),
        MergeRefusal(
            name: "another questionnaire", second: "Ben Okafor", questionnaire: "other",
            error: "second.json: questionnaire.id: \"other\" differs from \"mini\" in "),
        MergeRefusal(
            name: "the same person twice", second: "ana silva",
            error: "second.json: participants[0].name: ana silva also answered in "),
    ]

    @Test(arguments: mergeRefusals)
    func mergeRefusesFilesThatDoNotBelongTogether(_ refusal: MergeRefusal) throws {
        let sandbox = Sandbox()
        sandbox.write(try Self.respondentFile("Ana Silva"), to: "first.json")
        sandbox.write(
            try Self.respondentFile(
                refusal.second, period: refusal.period, version: refusal.version,
                questionnaire: refusal.questionnaire), to: "second.json")
        let result = CLIFixtures.run(
            ["merge", sandbox.path("first.json"), sandbox.path("second.json"), "--output", sandbox.path("out.json")],
            in: sandbox)
        #expect(result.code == .dataError)
        #expect(result.errors.contains(refusal.error), "\(result.errors)")
        #expect(result.errors.contains(sandbox.path("first.json")))
        #expect(!sandbox.exists("out.json"))
    }

    @Test func mergeNeverOverwritesAnExistingAssessment() throws {
        let sandbox = Sandbox()
        sandbox.write(try Self.respondentFile("Ana Silva"), to: "first.json")
        sandbox.write(try Self.respondentFile("Ben Okafor"), to: "second.json")
        sandbox.write("keep me", to: "out.json")
        let result = CLIFixtures.run(
            ["merge", sandbox.path("first.json"), sandbox.path("second.json"), "--output", sandbox.path("out.json")],
            in: sandbox)
        #expect(result.code == .cannotCreate)
        #expect(result.errors.contains("exists; choose another --output"))
        #expect(sandbox.read("out.json") == "keep me")

        let missing = CLIFixtures.run(["merge", sandbox.path("first.json")], in: sandbox)
        #expect(missing.code == .usage)
        #expect(missing.errors.contains("--output"))
    }

    // MARK: - Survey responses

    static let survey = """
        respondent,role,OP-01,OP-02,CG-01,CG-02,OP-01 note,CG-01 note
        Ana Silva,CTO,1,3,n/a,2,no dashboards yet,not our service
        Ben Okafor,SRE lead,4,3,2,2,,

        """

    static func importArguments(_ sandbox: Sandbox, csv: String = "survey.csv") -> [String] {
        [
            "import", "responses", sandbox.path(csv), "--questionnaire", mini, "--output", sandbox.path("responses"),
            "--team", "Platform", "--period", "2026-Q4",
        ]
    }

    @Test func importingResponsesWritesOneRespondentFilePerRow() throws {
        let sandbox = Sandbox()
        sandbox.write(Self.survey, to: "survey.csv")
        let result = CLIFixtures.run(Self.importArguments(sandbox), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("Wrote 2 respondent files to \(sandbox.path("responses"))."))
        let ana = try sandbox.assessment("responses/ana-silva.json")
        #expect(ana.respondent == "Ana Silva")
        #expect(ana.participants == [Participant(id: "p1", name: "Ana Silva", role: "CTO")])
        #expect(ana.team == "Platform")
        #expect(ana.period.description == "2026-Q4")
        #expect(ana.questionnaire.id == "mini")
        #expect(ana.phase == .complete)
        #expect(
            ana.discover.answers == [
                "OP-01": .level(1, note: "no dashboards yet"), "OP-02": .level(3),
                "CG-01": .notApplicable(reason: "not our service"), "CG-02": .level(2),
            ])
        let ben = try sandbox.assessment("responses/ben-okafor.json")
        #expect(ben.participants.first?.role == "SRE lead")
        #expect(
            ben.discover.answers == ["OP-01": .level(4), "OP-02": .level(3), "CG-01": .level(2), "CG-02": .level(2)])

        // The imported files merge like respondent sessions.
        let merged = CLIFixtures.run(
            [
                "merge", sandbox.path("responses/ana-silva.json"), sandbox.path("responses/ben-okafor.json"),
                "--output", sandbox.path("workshop.json"),
            ], in: sandbox)
        #expect(merged.code == .success, "\(merged.errors)")
        #expect(merged.output.contains("4 questions answered, 1 with votes 2 or more levels apart to discuss."))
        let workshop = try sandbox.assessment("workshop.json")
        #expect(workshop.participants.map(\.role) == ["CTO", "SRE lead"])
        #expect(workshop.discover.answers["OP-01"]?.votes == ["p1": 1, "p2": 4])
    }

    @Test func aBadRowStopsTheImportAndNothingIsWritten() throws {
        let sandbox = Sandbox()
        sandbox.write(
            """
            respondent,OP-01,OP-02
            Ana Silva,3,2
            Ben Okafor,7,2
            Chen Wu,2,two

            """, to: "survey.csv")
        let result = CLIFixtures.run(Self.importArguments(sandbox), in: sandbox)
        #expect(result.code == .dataError)
        let csv = sandbox.path("survey.csv")
        #expect(
            result.errors.contains(
                "\(csv): row 3, column B (OP-01): error: expected a level from 1 to 5 or n/a, found \"7\""))
        #expect(
            result.errors.contains(
                "\(csv): row 4, column C (OP-02): error: expected a level from 1 to 5 or n/a, found \"two\""))
        #expect(!sandbox.exists("responses"))
        #expect(result.output.isEmpty)
    }

    /// Two respondents whose names give the same file name each keep their own file.
    @Test func respondentsWhoseNamesFoldAlikeKeepTheirOwnFiles() throws {
        let sandbox = Sandbox()
        sandbox.write("respondent,OP-01\nJosé Núñez,2\nJose Nunez,4\n", to: "survey.csv")
        let result = CLIFixtures.run(Self.importArguments(sandbox), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.output.contains("Wrote 2 respondent files"))
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("responses")).sorted()
        // The second gets a short suffix from its name: six hexadecimal digits.
        let suffixed = try #require(files.first { $0 != "jose-nunez.json" })
        #expect(files.count == 2 && files.contains("jose-nunez.json"))
        #expect(suffixed.hasPrefix("jose-nunez-") && suffixed.hasSuffix(".json"))
        #expect(suffixed.dropFirst("jose-nunez-".count).dropLast(5).count == 6)
        #expect(try sandbox.assessment("responses/jose-nunez.json").respondent == "José Núñez")
        #expect(try sandbox.assessment("responses/\(suffixed)").respondent == "Jose Nunez")
    }

    // MARK: - Anonymised report of a merged workshop

    /// The rest of the workshop on the merged file: the facilitator, Envision as usual, the
    /// room re-votes OP-01 and settles on 2, Enter keeps the other merged answers.
    static let mergedWorkshop =
        ["Dana Lee", ""] + Array(WorkshopScript.envision[4...])
        + ["1 4", "2", "Ben Okafor showed the dashboards", "", "", "", "", ""]
        + WorkshopScript.build + WorkshopScript.deliver + WorkshopScript.improve

    static let names = ["Ana Silva", "Ben Okafor", "Dana Lee", "Ana", "Ben", "Dana", "Silva", "Okafor", "Lee"]

    @Test func theAnonymisedReportOfAMergedWorkshopNamesNobody() throws {
        let sandbox = Sandbox()
        #expect(Self.mergedRespondents(sandbox).code == .success)
        let path = sandbox.path(Self.file)
        let workshop = CLIFixtures.run(
            ["assess", path, "--questionnaire", Self.mini], input: CLIFixtures.lines(Self.mergedWorkshop), in: sandbox)
        #expect(workshop.code == .success, "\(workshop.errors)")
        #expect(workshop.terminal.unread.isEmpty)
        let finished = try sandbox.assessment(Self.file)
        #expect(finished.phase == .complete)
        #expect(finished.facilitator == "Dana Lee")
        #expect(finished.discover.answers["OP-01"]?.level == 2)
        #expect(finished.discover.answers["OP-01"]?.reason == "Ben Okafor showed the dashboards")
        #expect(finished.discover.answers["OP-01"]?.voteNotes?.count == 2)

        // Without --anonymize the names are in the report.
        let plain = CLIFixtures.run(["report", path, "--questionnaire", Self.mini], in: sandbox)
        #expect(plain.code == .success)
        for name in Self.names { #expect(TextSearch.containsWord(name, in: plain.output), "\(name) not in the report") }

        let report = CLIFixtures.run(["report", path, "--questionnaire", Self.mini, "--anonymize"], in: sandbox)
        #expect(report.code == .success, "\(report.errors)")
        for name in Self.names {
            #expect(!TextSearch.containsWord(name, in: report.output), "\(name) left in the report")
        }
        #expect(report.output.contains("Participant A, Participant B"))
        #expect(
            report.output.contains(
                "| OP-01: Do services emit telemetry? | Operations | Participant A 1, Participant B 4 | 1 vote at level 1, 1 at level 4 "
                    + "| 2 — Repeatable | Participant B showed the dashboards |"))
        #expect(report.output.contains("Participant A: no dashboards yet; Participant B: runbooks are tested"))
        #expect(report.output.contains("Participant A marked it not applicable: not our service"))

        let json = CLIFixtures.run(
            ["report", path, "--questionnaire", Self.mini, "--anonymize", "--format", "json"], in: sandbox)
        #expect(json.code == .success)
        let context = try DocumentLoader.parseJSON(Array(json.output.utf8), file: "report.json")
        for text in TextSearch.strings(in: context) {
            for name in Self.names { #expect(!TextSearch.containsWord(name, in: text), "\(name) left in \"\(text)\"") }
        }
        #expect(context["assessment"]?["facilitator"] == .string("the facilitator"))
    }

    // MARK: - An imported lens

    static let lens = """
        {"schemaVersion": "2021-11-01", "name": "Test Lens", "description": "A small lens.",
         "pillars": [{"id": "ops", "name": "Operations", "questions": [
          {"id": "q1", "title": "How do you observe workloads?", "description": "Telemetry.",
           "choices": [
            {"id": "q1_a", "title": "Metrics are collected", "helpfulResource": {"displayText": "Collect metrics."},
             "improvementPlan": {"displayText": "Collect metrics."}},
            {"id": "q1_b", "title": "Alerts page someone", "improvementPlan": {"displayText": "Add alerts."}},
            {"id": "q1_c", "title": "Dashboards are reviewed", "improvementPlan": {"displayText": "Review."}},
            {"id": "q1_no", "title": "None of these"}],
           "riskRules": [{"condition": "q1_a && q1_b", "risk": "NO_RISK"},
                         {"condition": "q1_a", "risk": "MEDIUM_RISK"},
                         {"condition": "default", "risk": "HIGH_RISK"}]},
          {"id": "q2", "title": "How do you recover?", "description": "Recovery.",
           "choices": [
            {"id": "q2_a", "title": "Backups are tested", "improvementPlan": {"displayText": "Test backups."}},
            {"id": "q2_b", "title": "Failover is rehearsed", "improvementPlan": {"displayText": "Rehearse."}},
            {"id": "q2_no", "title": "None of these"}],
           "riskRules": [{"condition": "q2_a && q2_b", "risk": "NO_RISK"},
                         {"condition": "q2_a || q2_b", "risk": "MEDIUM_RISK"},
                         {"condition": "default", "risk": "HIGH_RISK"}]}]}]}
        """

    @Test func anImportedLensIsValidAndAnsweredByTickingChoices() throws {
        let sandbox = Sandbox()
        sandbox.write(Self.lens, to: "lens.json")
        let questionnaire = sandbox.path("test-lens.json")
        let imported = CLIFixtures.run(
            ["import", "lens", sandbox.path("lens.json"), "--output", questionnaire], in: sandbox)
        #expect(imported.code == .success, "\(imported.errors)")
        #expect(sandbox.exists("test-lens.json"))

        let validated = CLIFixtures.run(["validate", questionnaire], in: sandbox)
        #expect(validated.code == .success, "\(validated.errors)")
        #expect(validated.output.contains("valid"))

        let answers = [
            "?",  // q1: every choice with its help
            "1 x",  // x is not a choice: asked again
            "1 2",  // q1_a and q1_b → NO_RISK, level 3
            "1 3",  // q2: q2_a with "none of these": refused
            "9",  // not a choice number (1 to 3)
            "q2_a",  // by id → MEDIUM_RISK, level 2
            "", "",  // constraints, upskilling
        ]
        let result = CLIFixtures.run(
            Self.respondentArguments(sandbox, "Ana Silva", questionnaire: questionnaire),
            input: CLIFixtures.lines(answers), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.terminal.unread.isEmpty)
        let output = result.output
        #expect(output.contains("1. q1_a: Metrics are collected — Collect metrics."))
        #expect(output.contains("Not a choice: x. Type numbers from 1 to 4 or choice ids."))
        #expect(output.contains("→ 3 — No risk"))
        #expect(output.contains("\"q2_no\" means none of the others apply; tick it alone."))
        #expect(output.contains("Not a choice: 9. Type numbers from 1 to 3 or choice ids."))
        #expect(output.contains("→ 2 — Medium risk"))
        // (3 + 2) / 2 = 2.5: the highest level at or below is 2, Medium risk.
        #expect(output.contains("Operations done: 2.5 Medium risk, 2 answered, 0 not applicable, 0 unanswered"))

        let file = "\(Self.respondentFolder)/ana-silva.json"
        let saved = try sandbox.assessment(file)
        #expect(saved.questionnaire.id == "test-lens")
        #expect(saved.discover.answers["q1"] == Answer(choices: ["q1_a", "q1_b"]))
        #expect(saved.discover.answers["q2"] == Answer(choices: ["q2_a"]))

        let score = CLIFixtures.run(
            ["score", sandbox.path(file), "--questionnaire", questionnaire, "--json"], in: sandbox)
        #expect(score.code == .success, "\(score.errors)")
        let card = try DocumentLoader.parseJSON(Array(score.output.utf8), file: "score.json")
        #expect(card["domains"]?.arrayValue?.first?["score"] == .number(2.5))
    }
}
