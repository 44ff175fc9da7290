import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// Several respondents (DESIGN §3): median and spread, r_wg, merging respondent files, and
/// anonymising the report.
@Suite("Agreement between respondents")
struct AgreementTests {
    // MARK: - Median and spread

    struct MedianCase: Sendable, CustomTestStringConvertible {
        var votes: [Int]
        var median: Int?
        var testDescription: String { "\(votes)" }
    }

    /// The median, the lower one when the count is even (sorted index (n − 1) / 2).
    static let medians: [MedianCase] = [
        MedianCase(votes: [], median: nil),
        MedianCase(votes: [3], median: 3),
        MedianCase(votes: [2, 2], median: 2),
        MedianCase(votes: [1, 5], median: 1),  // tie between 1 and 5: the lower
        MedianCase(votes: [5, 1], median: 1),  // order of the votes does not matter
        MedianCase(votes: [1, 2, 3], median: 2),
        MedianCase(votes: [3, 1, 2], median: 2),
        MedianCase(votes: [5, 1, 3], median: 3),
        MedianCase(votes: [4, 1, 3, 2], median: 2),  // 1 2 | 3 4: the lower middle is 2
        MedianCase(votes: [4, 4, 1, 1], median: 1),  // 1 1 | 4 4
        MedianCase(votes: [5, 1, 4, 2, 3], median: 3),
        MedianCase(votes: [1, 1, 5, 5, 5, 5], median: 5),  // 1 1 5 | 5 5 5: index 2 is 5
        MedianCase(votes: [2, 3, 3, 4], median: 3),
    ]

    @Test(arguments: medians)
    func medianIsTheLowerMedianOnATie(_ example: MedianCase) {
        #expect(Agreement.median(example.votes) == example.median)
    }

    struct SpreadCase: Sendable, CustomTestStringConvertible {
        var votes: [Int]
        var spread: Int
        var flagged: Bool
        var testDescription: String { "\(votes)" }
    }

    static let spreads: [SpreadCase] = [
        SpreadCase(votes: [], spread: 0, flagged: false),
        SpreadCase(votes: [4], spread: 0, flagged: false),
        SpreadCase(votes: [2, 2, 2], spread: 0, flagged: false),
        SpreadCase(votes: [3, 4], spread: 1, flagged: false),
        SpreadCase(votes: [4, 3, 4, 3], spread: 1, flagged: false),
        SpreadCase(votes: [1, 3], spread: 2, flagged: true),  // exactly the threshold
        SpreadCase(votes: [3, 1, 1], spread: 2, flagged: true),
        SpreadCase(votes: [1, 4, 2], spread: 3, flagged: true),
        SpreadCase(votes: [5, 1, 3], spread: 4, flagged: true),
    ]

    @Test(arguments: spreads)
    func spreadIsHighestMinusLowestAndFlagsAtTwo(_ example: SpreadCase) {
        let spread = Agreement.spread(example.votes)
        #expect(spread == example.spread)
        #expect((spread >= Agreement.discussionSpread) == example.flagged)
    }

    // MARK: - r_wg

    struct RwgCase: Sendable, CustomTestStringConvertible {
        var votes: [Int]
        var scalePoints: Int
        var rwg: Double?
        var testDescription: String { "\(votes) on \(scalePoints) points" }
    }

    /// Worked by hand: r_wg = 1 − s² / σ²_EU with s² the sample variance (n − 1) and
    /// σ²_EU = (A² − 1) / 12; on a 5-point scale σ²_EU = 24 / 12 = 2.
    static let rwgs: [RwgCase] = [
        // mean 3, every deviation 0: s² = 0, r_wg = 1.
        RwgCase(votes: [3, 3, 3], scalePoints: 5, rwg: 1),
        // mean 8/3; deviations −2/3, 1/3, 1/3; squares 4/9 + 1/9 + 1/9 = 6/9; s² = (6/9) / 2 = 1/3;
        // r_wg = 1 − (1/3) / 2 = 5/6.
        RwgCase(votes: [2, 3, 3], scalePoints: 5, rwg: 5.0 / 6.0),
        // mean 3.5; squares 0.25 + 0.25 = 0.5; s² = 0.5 / 1 = 0.5; r_wg = 1 − 0.5 / 2 = 0.75.
        RwgCase(votes: [3, 4], scalePoints: 5, rwg: 0.75),
        // mean 3; squares 1 + 0 + 1 + 0 = 2; s² = 2 / 3; r_wg = 1 − (2/3) / 2 = 2/3.
        RwgCase(votes: [2, 3, 4, 3], scalePoints: 5, rwg: 2.0 / 3.0),
        // mean 5/3; deviations 4/3, −2/3, −2/3; squares 16/9 + 4/9 + 4/9 = 24/9; s² = (24/9) / 2 = 4/3;
        // r_wg = 1 − (4/3) / 2 = 1/3.
        RwgCase(votes: [3, 1, 1], scalePoints: 5, rwg: 1.0 / 3.0),
        // mean 2; squares 1 + 1 = 2; s² = 2; r_wg = 1 − 2 / 2 = 0 (exactly random).
        RwgCase(votes: [1, 3], scalePoints: 5, rwg: 0),
        // mean 3; squares 4 + 4 = 8; s² = 8; r_wg = 1 − 8 / 2 = −3, reported as 0.
        RwgCase(votes: [1, 5], scalePoints: 5, rwg: 0),
        // mean 7/3; deviations −4/3, 5/3, −1/3; squares 16/9 + 25/9 + 1/9 = 42/9; s² = 21/9 = 7/3;
        // r_wg = 1 − (7/3) / 2 = −1/6, reported as 0.
        RwgCase(votes: [1, 4, 2], scalePoints: 5, rwg: 0),
        // 3 points (an imported lens): σ²_EU = 8 / 12 = 2/3; mean 2.5; s² = 0.5;
        // r_wg = 1 − 0.5 / (2/3) = 1 − 0.75 = 0.25.
        RwgCase(votes: [2, 3], scalePoints: 3, rwg: 0.25),
        // 4 points: σ²_EU = 15 / 12 = 1.25; mean 3; squares 1 + 0 + 0 + 1 = 2; s² = 2/3;
        // r_wg = 1 − (2/3) / 1.25 = 1 − 8/15 = 7/15.
        RwgCase(votes: [2, 3, 3, 4], scalePoints: 4, rwg: 7.0 / 15.0),
        // Fewer than two votes, or a one-point scale: no index.
        RwgCase(votes: [], scalePoints: 5, rwg: nil),
        RwgCase(votes: [4], scalePoints: 5, rwg: nil),
        RwgCase(votes: [1, 1], scalePoints: 1, rwg: nil),
    ]

    @Test(arguments: rwgs)
    func rwgAgainstHandComputedValues(_ example: RwgCase) throws {
        let value = Agreement.rwg(example.votes, scalePoints: example.scalePoints)
        guard let expected = example.rwg else {
            #expect(value == nil)
            return
        }
        let actual = try #require(value)
        #expect(abs(actual - expected) < 1e-12, "r_wg \(actual), expected \(expected)")
        #expect(actual >= 0 && actual <= 1)
    }

    /// The domain's r_wg is the mean over its questions with two votes or more.
    @Test func domainRwgIsTheMeanOverQuestionsWithVotes() throws {
        let domain = Domain(
            id: "ops", name: "Operations",
            questions: ["Q1", "Q2", "Q3", "Q4"].map { Fixtures.question($0) })
        let answers: [String: Answer] = [
            "Q1": Answer(level: 3, votes: ["p1": 2, "p2": 3, "p3": 3]),  // 5/6
            "Q2": Answer(level: 1, votes: ["p1": 3, "p2": 1, "p3": 1]),  // 1/3
            "Q3": Answer(level: 4, votes: ["p1": 4]),  // one vote: left out
            "Q4": .level(3),  // no votes: left out
        ]
        // (5/6 + 1/3) / 2 = (5/6 + 2/6) / 2 = 7/12.
        let value = try #require(Agreement.domainRwg(domain, answers: answers, scalePoints: 5))
        #expect(abs(value - 7.0 / 12.0) < 1e-12)
        #expect(Rounding.text(value, places: 2) == "0.58")

        #expect(Agreement.domainRwg(domain, answers: ["Q4": .level(3)], scalePoints: 5) == nil)
        #expect(Agreement.domainRwg(domain, answers: ["Q3": Answer(level: 4, votes: ["p1": 4])], scalePoints: 5) == nil)
        #expect(!Agreement.explanation.isEmpty)
    }

    // MARK: - Merging respondent files

    static func respondent(
        _ name: String, role: String? = nil, answers: [String: Answer], constraints: [String] = [],
        upskilling: [String] = [], period: String = "2026-Q4", questionnaire: String = "test",
        version: String = "1.0.0"
    ) -> Assessment {
        var assessment = Assessment(
            id: "r-\(name)", organization: nil, team: "Platform", period: Fixtures.period(period),
            questionnaire: QuestionnaireReference(id: questionnaire, version: version),
            createdAt: "2026-11-01T00:00:00Z")
        assessment.respondent = name
        assessment.participants = [Participant(id: "p1", name: name, role: role)]
        assessment.phase = .complete
        assessment.discover.answers = answers
        assessment.discover.constraints = constraints
        assessment.discover.upskilling = upskilling
        return assessment
    }

    static let ana = respondent(
        "Ana Silva", role: "CTO",
        answers: [
            "CO-01": .level(1, note: "no dashboards"), "CO-02": .level(3),
            "CG-01": .notApplicable(reason: "not our service"), "CG-02": .notApplicable(reason: "no spend"),
        ],
        constraints: ["Hiring freeze", "Budget cap"], upskilling: ["SRE"])
    static let ben = respondent(
        "Ben Okafor",
        answers: [
            "CO-01": .level(4, note: "dashboards exist"), "CO-02": .level(4), "CG-01": .level(2),
            "CG-02": Answer(notApplicable: true),
        ],
        constraints: ["Budget cap", "Data residency"], upskilling: ["SRE", "FinOps"])
    static let chen = respondent(
        "Chen Wu",
        answers: ["CO-01": .level(2), "CG-01": .level(4), "CG-02": .notApplicable(reason: "later")])

    /// A lens-style question: ticking both practices is 3, one of them 2, none of them 1.
    static let choicesQuestionnaire: Questionnaire = {
        var question = Question(id: "RUN1", text: "Are images static?")
        question.kind = .choices
        question.choices = [
            Choice(id: "a", title: "One source"), Choice(id: "b", title: "Static files"),
            Choice(id: "none", title: "None of these"),
        ]
        question.noneChoice = "none"
        question.rules = [
            Rule(when: "a && b", level: 3), Rule(when: "a || b", level: 2), Rule(when: "default", level: 1),
        ]
        return Fixtures.questionnaire(domains: [Domain(id: "run", name: "Run", questions: [question])])
    }()

    @Test func choicesQuestionsMergeAsVotesByTheirRules() throws {
        let first = Self.respondent("Ana", answers: ["RUN1": Answer(choices: ["a", "b"])])
        let second = Self.respondent("Ben", answers: ["RUN1": Answer(choices: ["none"])])
        let third = Self.respondent("Chen", answers: ["RUN1": Answer(choices: ["b"])])
        let merged = try RespondentMerge.merge(
            [
                .init(path: "ana.json", assessment: first), .init(path: "ben.json", assessment: second),
                .init(path: "chen.json", assessment: third),
            ], id: "m", createdAt: "2026-11-20T09:00:00Z", questionnaire: Self.choicesQuestionnaire)
        let answer = try #require(merged.discover.answers["RUN1"])
        // Levels by the rules: Ana a && b → 3, Ben none → 1, Chen b → 2; the median is 2, Chen's.
        #expect(answer.votes == ["p1": 3, "p2": 1, "p3": 2])
        #expect(answer.choices == ["b"])
        #expect(answer.level == nil)
    }

    @Test func mergeKeepsEveryVoteWithTheLowerMedianAsConsensus() throws {
        let merged = try RespondentMerge.merge(
            [
                .init(path: "ana.json", assessment: Self.ana), .init(path: "ben.json", assessment: Self.ben),
                .init(path: "chen.json", assessment: Self.chen),
            ],
            id: "merged", createdAt: "2026-11-20T09:00:00Z")
        #expect(merged.id == "merged")
        #expect(merged.createdAt == "2026-11-20T09:00:00Z")
        #expect(merged.team == "Platform")
        #expect(merged.period.description == "2026-Q4")
        #expect(merged.questionnaire.id == "test")
        #expect(merged.respondent == nil)
        #expect(merged.phase == .envision)
        #expect(merged.cursor == "envision/facilitator")
        #expect(merged.participants.map(\.id) == ["p1", "p2", "p3"])
        #expect(merged.participants.map(\.name) == ["Ana Silva", "Ben Okafor", "Chen Wu"])
        #expect(merged.participants.map(\.role) == ["CTO", nil, nil])

        let answers = merged.discover.answers
        #expect(answers.keys.sorted() == ["CG-01", "CG-02", "CO-01", "CO-02"])

        // Votes 1, 4, 2 → sorted 1 2 4 → median 2; notes kept with their authors.
        let first = try #require(answers["CO-01"])
        #expect(first.votes == ["p1": 1, "p2": 4, "p3": 2])
        #expect(first.level == 2)
        #expect(first.notApplicable == false)
        #expect(first.voteNotes == ["p1": "no dashboards", "p2": "dashboards exist"])
        #expect(first.note == "Ana Silva: no dashboards; Ben Okafor: dashboards exist")
        #expect(first.reason == nil)

        // Two votes 3 and 4 (Chen did not answer): the lower median 3.
        let second = try #require(answers["CO-02"])
        #expect(second.votes == ["p1": 3, "p2": 4])
        #expect(second.level == 3)
        #expect(second.note == nil)
        #expect(second.voteNotes == nil)

        // Ana marked it not applicable, the others voted 2 and 4: lower median 2.
        let mixed = try #require(answers["CG-01"])
        #expect(mixed.notApplicable == false)
        #expect(mixed.votes == ["p2": 2, "p3": 4])
        #expect(mixed.level == 2)
        #expect(mixed.note == "Ana Silva marked it not applicable: not our service")
        #expect(mixed.voteNotes == nil)

        // Everyone marked it not applicable: it is, with every reason.
        let none = try #require(answers["CG-02"])
        #expect(none.notApplicable)
        #expect(none.level == nil)
        #expect(none.votes == nil)
        #expect(none.note == "Ana Silva: no spend; Ben Okafor: no reason given; Chen Wu: later")

        // Constraints and upskilling needs: the union, in order of first appearance.
        #expect(merged.discover.constraints == ["Hiring freeze", "Budget cap", "Data residency"])
        #expect(merged.discover.upskilling == ["SRE", "FinOps"])
    }

    @Test func mergeOfFourVotesTakesTheLowerOfTheTwoMiddleOnes() throws {
        let inputs = [("Ana", 4), ("Ben", 1), ("Chen", 3), ("Dev", 2)].map { name, level in
            RespondentMerge.Input(
                path: "\(name).json", assessment: Self.respondent(name, answers: ["CO-01": .level(level)]))
        }
        let merged = try RespondentMerge.merge(inputs, id: "m", createdAt: "2026-11-20T09:00:00Z")
        // 1 2 | 3 4: the lower median is 2.
        #expect(merged.discover.answers["CO-01"]?.level == 2)
        #expect(merged.discover.answers["CO-01"]?.votes == ["p1": 4, "p2": 1, "p3": 3, "p4": 2])
    }

    @Test func aRespondentFileWithoutParticipantsIsNamedByItsRespondent() throws {
        var anonymous = Self.respondent("Erin Wolfe", answers: ["CO-01": .level(3)])
        anonymous.participants = []
        let merged = try RespondentMerge.merge(
            [.init(path: "ana.json", assessment: Self.ana), .init(path: "erin.json", assessment: anonymous)],
            id: "m", createdAt: "2026-11-20T09:00:00Z")
        #expect(merged.participants.map(\.name) == ["Ana Silva", "Erin Wolfe"])
        #expect(merged.discover.answers["CO-01"]?.votes == ["p1": 1, "p2": 3])
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var second: Assessment
        var path: String
        var message: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "another questionnaire",
            second: respondent("Ben Okafor", answers: [:], questionnaire: "other"), path: "questionnaire.id",
            message: "\"other\" differs from \"test\" in ana.json; only answers to the same questionnaire can be merged"
        ),
        Refusal(
            name: "another version",
            second: respondent("Ben Okafor", answers: [:], version: "2.0.0"), path: "questionnaire.version",
            message: "2.0.0 differs from 1.0.0 in ana.json; merge answers to one questionnaire version"),
        Refusal(
            name: "another quarter",
            second: respondent("Ben Okafor", answers: [:], period: "2027-Q1"), path: "period",
            message: "2027-Q1 differs from 2026-Q4 in ana.json; merge answers for one quarter"),
        Refusal(
            name: "the same person twice, written differently",
            second: respondent("  ana   SILVA ", answers: [:]), path: "participants[0].name",
            message: "  ana   SILVA  also answered in ana.json; each person can be merged once"),
    ]

    @Test(arguments: refusals)
    func mergeRefuses(_ refusal: Refusal) {
        let inputs: [RespondentMerge.Input] = [
            .init(path: "ana.json", assessment: Self.ana), .init(path: "other.json", assessment: refusal.second),
        ]
        #expect(throws: DataError.invalid(file: "other.json", path: refusal.path, message: refusal.message)) {
            try RespondentMerge.merge(inputs, id: "m", createdAt: "2026-11-20T09:00:00Z")
        }
    }

    @Test func mergeOfNothingIsRefused() {
        #expect(throws: DataError.other(file: "merge", message: "no respondent files were given")) {
            try RespondentMerge.merge([], id: "m", createdAt: "2026-11-20T09:00:00Z")
        }
    }

    // MARK: - Anonymising

    static let questionnaire = Fixtures.questionnaire(domains: [
        Domain(id: "ops", name: "Operations", questions: [Fixtures.question("CO-01"), Fixtures.question("CO-02")]),
        Domain(id: "cost", name: "Cost", questions: [Fixtures.question("CG-01"), Fixtures.question("CG-02")]),
    ])

    /// A finished workshop with names in every free-text place a report shows.
    static func workshop() throws -> Assessment {
        var merged = try RespondentMerge.merge(
            [
                .init(path: "ana.json", assessment: ana), .init(path: "ben.json", assessment: ben),
                .init(path: "chen.json", assessment: chen),
            ],
            id: "w1", createdAt: "2026-11-20T09:00:00Z")
        merged.organization = "Acme"
        merged.facilitator = "Dana Lee"
        merged.discover.answers["CO-01"]?.level = 3
        merged.discover.answers["CO-01"]?.reason = "Ben Okafor showed the dashboards; Ana agreed"
        merged.discover.constraints.append("Chen Wu's team is moving office")
        merged.envision.vision = "Releases nobody notices, as Ana Silva put it."
        merged.envision.drivers = ["Anabel from finance wants showback", "Benchmark against peers"]
        merged.build.targets = ["ops": 5, "cost": 4]
        merged.build.endState = "Ben runs the platform team."
        merged.deliver.decisions = [
            "CO-01@4": StepDecision(owner: "Ana"), "CO-02@4": StepDecision(owner: "Ben Okafor"),
            "CO-01@5": StepDecision(owner: "Dana Lee"),
        ]
        merged.improve.reflections = "Chen kept time; Dana Lee should vote earlier next time."
        merged.phase = .complete
        merged.cursor = nil
        return merged
    }

    @Test func replacementsCoverFullNamesUniqueFirstNamesAndTheFacilitator() throws {
        let pairs = Anonymizer.replacements(for: try Self.workshop())
        let table = Dictionary(pairs.map { ($0.name, $0.alias) }, uniquingKeysWith: { first, _ in first })
        #expect(
            table == [
                "Ana Silva": "Participant A", "Ben Okafor": "Participant B", "Chen Wu": "Participant C",
                "Ana": "Participant A", "Ben": "Participant B", "Chen": "Participant C",
                "Dana Lee": "the facilitator",
            ])
        // Longest first, so that "Ana Silva" is replaced before "Ana".
        #expect(pairs.map(\.name.count) == pairs.map(\.name.count).sorted(by: >))
    }

    @Test func aSharedOrShortFirstNameIsNotReplacedAlone() {
        var assessment = Fixtures.assessment()
        assessment.participants = [
            Participant(id: "p1", name: "Ana Silva"), Participant(id: "p2", name: "Ana Costa"),
            Participant(id: "p3", name: "Bo Li"), Participant(id: "p4", name: "Chen"),
        ]
        assessment.facilitator = "Ana Costa"  // a participant: keeps the participant's alias
        let names = Anonymizer.replacements(for: assessment).map(\.name)
        #expect(Set(names) == ["Ana Silva", "Ana Costa", "Bo Li", "Chen"])
        let text = Anonymizer.anonymize(
            .string("Ana Silva and Ana Costa asked Bo Li; Chen agreed."), assessment: assessment)
        #expect(text == .string("Participant A and Participant B asked Participant C; Participant D agreed."))
    }

    @Test func namesAreReplacedAsWordsOnly() {
        #expect(
            Anonymizer.replaceWord("Ana", with: "Participant A", in: "Ana, Anabel and ana")
                == "Participant A, Anabel and ana")
        #expect(
            Anonymizer.replaceWord("Ben", with: "Participant B", in: "Benchmark: Ben's call")
                == "Benchmark: Participant B's call")
        #expect(Anonymizer.replaceWord("Ben", with: "B", in: "Ben2 Ben") == "Ben2 B")
        #expect(Anonymizer.replaceWord("Ana Silva", with: "Participant A", in: "(Ana Silva)") == "(Participant A)")
        #expect(Anonymizer.replaceWord("Chen", with: "Participant C", in: "MunChen Chen") == "MunChen Participant C")
    }

    @Test func namesNextToEachOtherAreBothReplaced() {
        // The second "Ana" follows a replaced one: the character before it is "/", not a letter.
        #expect(
            Anonymizer.replaceWord("Ana", with: "Participant A", in: "Ana/Ana")
                == "Participant A/Participant A")
    }

    @Test func noNameIsLeftAnywhereInTheReportContext() throws {
        let assessment = try Self.workshop()
        var input = ReportInput(assessment: assessment, questionnaire: Self.questionnaire, toolVersion: "test")
        // Without --anonymize the names are there, so the walk below does look in the right places.
        let plain = TextSearch.strings(in: ReportContext.build(input)).joined(separator: "\n")
        for name in Self.names {
            #expect(TextSearch.containsWord(name, in: plain), "\(name) missing from the plain report")
        }

        input.anonymize = true
        let context = ReportContext.build(input)
        let strings = TextSearch.strings(in: context)
        for text in strings {
            for name in Self.names {
                #expect(!TextSearch.containsWord(name, in: text), "\(name) left in \"\(text)\"")
            }
        }
        let all = strings.joined(separator: "\n")
        #expect(all.contains("Participant A, Participant B, Participant C"))
        #expect(all.contains("Participant B showed the dashboards; Participant A agreed"))
        #expect(all.contains("Participant A: no dashboards; Participant B: dashboards exist"))
        #expect(all.contains("Participant C's team is moving office"))
        #expect(all.contains("the facilitator should vote earlier next time"))
        #expect(all.contains("Participant B runs the platform team."))
        // Words that merely contain a name are untouched.
        #expect(all.contains("Anabel from finance wants showback"))
        #expect(all.contains("Benchmark against peers"))
        #expect(context["assessment"]?["facilitator"] == .string("the facilitator"))

        // The rendered roadmap too.
        let template = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Templates/roadmap.md"), encoding: .utf8)
        let markdown = try ReportRenderer.markdown(input, template: template, templateName: "roadmap.md")
        for name in Self.names { #expect(!TextSearch.containsWord(name, in: markdown), "\(name) left in the roadmap") }
        #expect(markdown.contains("Anabel"))
        #expect(markdown.contains("Where the room disagreed"))
    }

    /// Every name and first name of the workshop.
    static let names = ["Ana Silva", "Ben Okafor", "Chen Wu", "Dana Lee", "Ana", "Ben", "Chen", "Silva", "Okafor"]

    // MARK: - The report's agreement section

    @Test func theReportListsFlaggedItemsAndRwgPerDomain() throws {
        var assessment = Fixtures.assessment()
        assessment.participants = [
            Participant(id: "p1", name: "Ana Silva"), Participant(id: "p2", name: "Ben Okafor"),
            Participant(id: "p3", name: "Chen Wu"),
        ]
        var disputed = Answer(level: 3, votes: ["p1": 1, "p2": 4, "p3": 2])
        disputed.reason = "runbooks exist"
        assessment.discover.answers = [
            "CO-01": Answer(level: 3, votes: ["p1": 2, "p2": 3, "p3": 3]),  // spread 1, r_wg 5/6
            "CO-02": disputed,  // spread 3, r_wg 0
            "CG-01": Answer(level: 1, votes: ["p1": 3, "p2": 1, "p3": 1]),  // spread 2, r_wg 1/3
            "CG-02": Answer(level: 4, votes: ["p1": 4, "p2": 4, "p3": 4]),  // spread 0, r_wg 1
        ]
        let context = ReportContext.build(
            ReportInput(assessment: assessment, questionnaire: Self.questionnaire, toolVersion: "test"))
        let agreement = try #require(context["agreement"])
        #expect(agreement["hasVotes"] == true)
        #expect(agreement["hasItems"] == true)
        let items = try #require(agreement["items"]?.arrayValue)
        #expect(items.map { $0["id"] } == ["CO-02", "CG-01"])
        #expect(items[0]["votesText"] == "Ana Silva 1, Ben Okafor 4, Chen Wu 2")
        #expect(items[0]["distribution"] == "1 vote at level 1, 1 at level 2, 1 at level 4")
        #expect(items[0]["consensusText"] == "3 — Defined")
        #expect(items[0]["reasonText"] == "runbooks exist")
        #expect(items[0]["spread"] == 3)
        #expect(items[1]["distribution"] == "2 votes at level 1, 1 at level 3")
        #expect(items[1]["consensusText"] == "1 — Initial")
        #expect(items[1]["reasonText"] == "–")
        let domains = try #require(agreement["domains"]?.arrayValue)
        // Operations: (5/6 + 0) / 2 = 5/12 = 0.4167; Cost: (1/3 + 1) / 2 = 2/3 = 0.6667.
        #expect(domains.map { $0["rwgText"] } == ["0.42", "0.67"])
        #expect(abs((domains[0]["rwg"]?.numberValue ?? -1) - 5.0 / 12.0) < 1e-12)
        #expect(abs((domains[1]["rwg"]?.numberValue ?? -1) - 2.0 / 3.0) < 1e-12)
    }

    @Test func withoutVotesTheSectionIsLeftOut() throws {
        let assessment = Fixtures.assessment(answers: ["CO-01": .level(3)])
        let context = ReportContext.build(
            ReportInput(assessment: assessment, questionnaire: Self.questionnaire, toolVersion: "test"))
        #expect(context["agreement"]?["hasVotes"] == false)
        #expect(context["agreement"]?["domains"]?.arrayValue?.map { $0["rwgText"] } == ["–", "–"])
    }
}
