import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// The lean reader of `opmodel portfolio` must never accept what the loader refuses, nor read a
/// file differently: whenever it returns a view, the loader reads the same file to the same view.
@Suite("Lean assessment scanner")
struct AssessmentScannerTests {
    /// An assessment with every member the model knows, unknown members at several depths,
    /// escapes and non-ASCII text.
    static func fullAssessment(answers count: Int = 6) -> Assessment {
        var assessment = Assessment(
            id: "4f1c-0001", organization: "Acmé \"Cloud\"", team: "Équipe Plateforme",
            period: Fixtures.period("2026-Q4"),
            questionnaire: QuestionnaireReference(id: "cloud-operating-model", version: "1.0.0"),
            createdAt: "2026-10-10T09:00:00Z")
        assessment.questionnaire.unknownMembers = ["channel": "stable"]
        assessment.facilitator = "Zoë"
        assessment.participants = [
            Participant(id: "p1", name: "Ada", role: "SRE lead"), Participant(id: "p2", name: "Ben"),
        ]
        assessment.phase = .complete
        assessment.cursor = "improve"
        assessment.timings = ["envision": 1800, "discover/cloud-operations": 912.5]
        assessment.envision = Envision(
            vision: "Customers never notice a change.\nSecond line\ttabbed.", drivers: ["Speed", "Cost"],
            outcomes: [
                Outcome(
                    id: "o1", title: "Fewer outages",
                    kpis: [
                        OutcomeKPI(
                            id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower,
                            baseline: 240, target: 60.5, due: Fixtures.period("2027-Q4"), current: 200),
                        OutcomeKPI(id: "custom", name: "Custom KPI"),
                    ])
            ])
        var answers: [String: Answer] = [:]
        for number in 1...count {
            var answer = Answer(
                level: number % 5 + 1, note: "Evidence \(number) — “quoted” \\ path", votes: ["p1": 3, "p2": 4])
            answer.reason = "The room settled."
            answer.voteNotes = ["p1": "Saw the dashboard."]
            answer.unknownMembers = ["x-extra": ["nested": [1, 2.5, ["a": nil], true]]]
            answers[String(format: "CO-%02d", number)] = answer
        }
        answers["OL-01"] = .notApplicable(reason: "No leadership layer.")
        answers["PE-09"] = Answer(choices: ["a", "c"])
        answers["Q-ünïcode"] = .level(2)
        answers["Q-\"quoted\""] = .level(3)
        assessment.discover = Discover(answers: answers, constraints: ["Budget"], upskilling: ["IaC"], timebox: 90)
        assessment.discover.unknownMembers = ["score": 3.5]
        assessment.build = Build(
            targets: ["cloud-operations": 4, "operations-leadership": 3], topology: .federated, endState: "Federated.")
        assessment.deliver = Deliver(
            startPeriod: Fixtures.period("2027-Q1"), horizonQuarters: 4, capacityPerQuarter: 3,
            decisions: [
                "CO-01@3": StepDecision(owner: "Ada", status: .inProgress, quarter: Fixtures.period("2027-Q2")),
                "CO-02@4": StepDecision(status: .dropped),
            ])
        assessment.improve = Improve(
            previous: Fixtures.period("2026-Q3"), reflections: "Better.", reviewCadence: "monthly",
            nextAssessment: Fixtures.period("2027-Q1"))
        var parked = ParkingLotItem(
            text: "Who owns “backups”?", raisedBy: "Ada", phase: .discover, question: "CO-01",
            raisedIn: Fixtures.period("2026-Q3"))
        parked.closedIn = Fixtures.period("2026-Q4")
        parked.resolution = "The platform team."
        parked.unknownMembers = ["x-vote": 2]
        assessment.parkingLot = [parked, ParkingLotItem(text: "Revisit on-call pay.")]
        assessment.unknownMembers = ["x-tool": ["name": "newer", "list": [[], [:], "", -0.0]]]
        return assessment
    }

    static func bytes(_ assessment: Assessment) throws -> [UInt8] {
        Array(try DocumentWriter.text(of: assessment).utf8)
    }

    /// What the loader makes of `bytes`, as a scoring view (nil when it refuses the file).
    static func loaded(_ bytes: [UInt8]) -> Assessment? {
        (try? DocumentLoader.assessment(from: bytes, file: "a.json"))?.scoringView
    }

    /// The scanner either defers (nil) or agrees with the loader, with and without the scores; it
    /// never accepts a file the loader refuses.
    static func agrees(_ bytes: [UInt8]) -> (agrees: Bool, scanned: Bool) {
        let loaded = Self.loaded(bytes)
        let scanned = AssessmentScanner.scoringView(of: bytes)
        let header = AssessmentScanner.scoringView(of: bytes, scores: false)
        let agrees = (scanned == nil || scanned == loaded) && (header == nil || header == loaded?.headerView)
        return (agrees, scanned != nil && header != nil)
    }

    @Test func aFullAssessmentIsScannedAsTheLoaderReadsIt() throws {
        let bytes = try Self.bytes(Self.fullAssessment())
        let scanned = try #require(AssessmentScanner.scoringView(of: bytes))
        #expect(scanned == Self.loaded(bytes))
        #expect(scanned.team == "Équipe Plateforme")
        #expect(scanned.discover.answers.count == 10)
        #expect(scanned.discover.answers["OL-01"]?.notApplicable == true)
        #expect(scanned.discover.answers["PE-09"]?.choices == ["a", "c"])
        #expect(scanned.discover.answers["CO-01"]?.note == nil)
        #expect(scanned.build.targets == ["cloud-operations": 4, "operations-leadership": 3])
        let header = try #require(AssessmentScanner.scoringView(of: bytes, scores: false))
        #expect(header == Self.loaded(bytes)?.headerView)
        #expect(header.discover.answers.isEmpty)
    }

    @Test func theMinimalAssessmentAndABOM() throws {
        let minimal = Array(DocumentLoaderTests.minimalAssessment.utf8)
        #expect(AssessmentScanner.scoringView(of: minimal) == Self.loaded(minimal))
        #expect(AssessmentScanner.scoringView(of: minimal) != nil)
        let withBOM = [0xEF, 0xBB, 0xBF] + minimal
        #expect(AssessmentScanner.scoringView(of: withBOM) == Self.loaded(withBOM))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String
        var to: String
        /// Whether the scanner must read the file itself (true) or leave it to the loader (false).
        var scanned: Bool
        var testDescription: String { name }

        /// `member` added before `"team"`.
        static func adding(_ name: String, _ member: String, scanned: Bool) -> Case {
            Case(name: name, from: #""team""#, to: member + #", "team""#, scanned: scanned)
        }

        /// An answer `A` with `body`.
        static func answer(_ name: String, _ body: String, scanned: Bool) -> Case {
            adding(name, #""discover": {"answers": {"A": "# + body + "}}", scanned: scanned)
        }
    }

    static let nesting = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)

    /// Spellings the loader refuses or reads in its own way: the scanner defers or agrees.
    @Test(
        arguments: [
            Case(
                name: "duplicate member", from: #""team": "Platform","#, to: #""team": "Platform", "team": "B","#,
                scanned: false),
            Case(
                name: "escaped duplicate", from: #""team": "Platform","#, to: #""team": "Platform", "te\u0061m": 1,"#,
                scanned: false),
            Case.answer("level as 3.0", #"{"level": 3.0}"#, scanned: false),
            Case.answer("level 1e0", #"{"level": 1e0}"#, scanned: false),
            Case.answer("level as text", #"{"level": "3"}"#, scanned: false),
            Case.answer("null answer", "null", scanned: false),
            Case.answer("Kelvin sign duplicate vote", #"{"votes": {"K": 1, "\#u{212A}": 2}}"#, scanned: false),
            Case.answer("escaped duplicate vote", #"{"votes": {"a": 1, "\u0061": 2}}"#, scanned: false),
            Case.answer("escaped distinct votes", #"{"votes": {"a": 1, "\u0062": 2}}"#, scanned: true),
            Case.answer("null vote", #"{"votes": {"p": null}}"#, scanned: false),
            Case.answer("choices", #"{"choices": ["a", "b"], "notApplicable": false}"#, scanned: true),
            Case.adding(
                "decomposed duplicate answer", #""discover": {"answers": {"é": {}, "e\#u{301}": {}}}"#, scanned: false),
            Case.adding("null target", #""build": {"targets": {"a": null}}"#, scanned: false),
            Case.adding("Kelvin sign phase", #""phase": "\#u{212A}""#, scanned: false),
            Case.adding("unknown phase", #""phase": "done""#, scanned: false),
            Case.adding("infinite number", #""x": 1e400"#, scanned: false),
            Case.adding("large number", #""x": 1e300"#, scanned: true),
            Case.adding("deep nesting", #""x": "# + nesting, scanned: false),
            Case.adding("trailing comma", #""x": [1,]"#, scanned: false),
            Case.adding("null optional members", #""envision": null, "organization": null"#, scanned: true),
            Case(name: "spaced period", from: #""2026-Q4""#, to: #"" 2026-q4 ""#, scanned: true),
            Case(name: "bad period", from: #""2026-Q4""#, to: #""2026-Q5""#, scanned: false),
            Case(name: "newer version", from: #""formatVersion": 1"#, to: #""formatVersion": 2"#, scanned: false),
            Case(name: "version 1.0", from: #""formatVersion": 1"#, to: #""formatVersion": 1.0"#, scanned: false),
            Case(name: "lone surrogate", from: #""Platform""#, to: #""Plat\udc00form""#, scanned: false),
            Case(name: "surrogate pair", from: #""Platform""#, to: #""Plat\ud83d\ude80form""#, scanned: true),
            Case(name: "escaped team", from: #""Platform""#, to: #""Plat\"form\u00e9""#, scanned: true),
            Case(name: "raw control character", from: #""Platform""#, to: "\"Plat\tform\"", scanned: false),
            Case(name: "trailing text", from: #""1.0.0"}}"#, to: #""1.0.0"}} x"#, scanned: false),
            Case(name: "missing team", from: #""team": "Platform","#, to: "", scanned: false),
            Case(name: "questionnaire null", from: #"{"id": "test", "version": "1.0.0"}"#, to: "null", scanned: false),
        ])
    func unusualSpellings(_ change: Case) {
        let text = DocumentLoaderTests.minimalAssessment.replacingOccurrences(of: change.from, with: change.to)
        #expect(text != DocumentLoaderTests.minimalAssessment)
        let result = Self.agrees(Array(text.utf8))
        #expect(result.agrees)
        #expect(result.scanned == change.scanned)
    }

    /// Every value of a full assessment replaced by values of other kinds, or removed.
    @Test func everyValueOfAnotherKind() throws {
        let document = try JSONParser.parse(try Self.bytes(Self.fullAssessment(answers: 2)))
        let replacements: [JSONValue?] = [
            nil, .null, true, 2, -1, 2.5, "text", "2027-Q3", "federated", [], ["a"], [:], ["id": "x", "name": "y"],
        ]
        var cases = 0
        var scanned = 0
        for path in JSONEdit.paths(document) {
            for replacement in replacements {
                let edited = JSONEdit.replacing(document, at: path[...], with: replacement)
                let result = Self.agrees(Array(JSONWriter.prettyText(edited).utf8))
                #expect(result.agrees, "at \(path) with \(String(describing: replacement))")
                cases += 1
                if result.scanned { scanned += 1 }
            }
        }
        #expect(cases > 1000)
        #expect(scanned > cases / 4)
    }

    /// Random byte edits of a full assessment (seeded, so a failure replays).
    @Test func randomByteEdits() throws {
        let original = try Self.bytes(Self.fullAssessment(answers: 3))
        let pieces: [[UInt8]] = [
            Array("\"".utf8), Array(",".utf8), Array("}".utf8), Array("]".utf8), Array("{".utf8), Array(":".utf8),
            Array("\\".utf8), Array("0".utf8), Array("null".utf8), Array("-".utf8), Array(".".utf8), Array("e".utf8),
            Array(" ".utf8), [0x01], [0xC3], [0xFF], [0xE2, 0x80], Array("é".utf8), Array("\\u00e9".utf8),
        ]
        var random = SeededRandom(seed: 20_261_123)
        var scanned = 0
        for round in 0..<3000 {
            var bytes = original
            for _ in 0...random.below(3) {
                let position = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: pieces[random.below(pieces.count)], at: position)
                case 2: bytes.replaceSubrange(position...position, with: pieces[random.below(pieces.count)])
                default:
                    // A line repeated: a duplicate member, or an element more.
                    let start = bytes[..<position].lastIndex(of: 0x0A) ?? 0
                    let end = bytes[position...].firstIndex(of: 0x0A) ?? bytes.count
                    bytes.insert(contentsOf: bytes[start..<end], at: start)
                }
            }
            let result = Self.agrees(bytes)
            #expect(result.agrees, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            if result.scanned { scanned += 1 }
        }
        #expect(scanned > 100)
    }
}

/// Paths into a JSON value, and copies with the value at a path replaced or removed.
enum JSONEdit {
    enum Step: Sendable, CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }
    }

    static func paths(_ value: JSONValue, prefix: [Step] = []) -> [[Step]] {
        var result: [[Step]] = prefix.isEmpty ? [] : [prefix]
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                result += paths(members[key] ?? .null, prefix: prefix + [.key(key)])
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                result += paths(element, prefix: prefix + [.index(index)])
            }
        default: break
        }
        return result
    }

    /// `value` with the value at `path` replaced by `replacement`, or removed when it is nil.
    static func replacing(_ value: JSONValue, at path: ArraySlice<Step>, with replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        let rest = path.dropFirst()
        switch (value, step) {
        case (.object(var members), .key(let key)):
            if rest.isEmpty, replacement == nil {
                members[key] = nil
            } else {
                members[key] = replacing(members[key] ?? .null, at: rest, with: replacement)
            }
            return .object(members)
        case (.array(var elements), .index(let index)):
            if rest.isEmpty, replacement == nil {
                elements.remove(at: index)
            } else {
                elements[index] = replacing(elements[index], at: rest, with: replacement)
            }
            return .array(elements)
        default:
            return value
        }
    }
}

/// A small seeded generator (SplitMix64).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return bound > 0 ? Int((z ^ (z >> 31)) % UInt64(bound)) : 0
    }
}

/// `opmodel portfolio` reads the store with ``StoreHistory/readForPortfolio(_:period:questionnaire:)``:
/// the same teams, periods and problems as ``StoreHistory/read(_:questionnaire:)``, and the same
/// portfolio, whatever the store holds.
@Suite("Reading the store for a portfolio")
struct PortfolioReadTests {
    static let questionnaire = Fixtures.questionnaire(domains: [
        Domain(id: "ops", name: "Operations", questions: [Fixtures.question("OP-1"), Fixtures.question("OP-2")]),
        Domain(id: "cost", name: "Cost", questions: [Fixtures.question("CG-1", target: 4)]),
    ])

    struct Missing: Error {}

    static func questionnaire(for assessment: Assessment) throws -> Questionnaire {
        guard assessment.questionnaire.version == questionnaire.version else { throw Missing() }
        return questionnaire
    }

    static func assessment(_ team: String, _ period: String, level: Int, version: String = "1.0.0") -> Assessment {
        var assessment = Fixtures.assessment(
            answers: ["OP-1": .level(level), "OP-2": .level(max(1, level - 1)), "CG-1": .level(2)],
            targets: ["ops": 4, "cost": 3], period: period)
        assessment.team = team
        assessment.id = "\(team)-\(period)"
        assessment.questionnaire.version = version
        return assessment
    }

    /// A store with every way a file can drop out: unparsable, a period that disagrees with the
    /// name, a missing questionnaire version, a duplicate claim, a renamed team, and a file the
    /// lean scanner leaves to the loader.
    static func store() throws -> Workspace {
        let store = Workspace(root: try Fixtures.temporaryFolder(), fileSystem: LocalFileSystem())
        func write(_ text: String, _ relative: String) throws {
            let path = "\(store.storeRoot)/\(relative)"
            try store.fileSystem.createDirectory(at: String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]))
            try store.fileSystem.writeAtomically(text, to: path, backup: false)
        }
        func write(_ assessment: Assessment, _ relative: String) throws {
            try write(try DocumentWriter.text(of: assessment), relative)
        }
        for (index, period) in ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].enumerated() {
            try write(assessment("Alpha", period, level: index + 1), "alpha/\(period).json")
        }
        try write(assessment("Beta", "2026-Q1", level: 2), "beta/2026-Q1.json")
        try write(assessment("Beta", "2026-Q2", level: 3), "beta/2026-Q2.json")
        try write(assessment("Beta", "2026-Q3", level: 5, version: "9.9.9"), "beta/2026-Q3.json")
        try write(assessment("Delta", "2026-Q1", level: 1), "delta-old/2026-Q1.json")
        try write(assessment("Delta", "2026-Q2", level: 2), "delta-old/2026-Q2.json")
        try write(assessment("Delta", "2026-Q2", level: 4), "delta/2026-Q2.json")
        try write(assessment("Epsilon", "2026-Q4", level: 3), "epsilon/2027-Q1.json")
        try write(assessment("Epsilon", "2026-Q2", level: 3), "epsilon/2026-Q2.json")
        try write(assessment("Zeta", "2026-Q1", level: 2), "zeta/2026-Q1.json")
        try write(assessment("Zeta Team", "2026-Q2", level: 3), "zeta/2026-Q2.json")
        try write(assessment("Zeta Team", "2026-Q2", level: 3), "zeta/notes.json")
        // A level written 3.0: the loader reads it as 3, the scanner leaves the file to it.
        let eta = try DocumentWriter.text(of: assessment("Eta", "2026-Q4", level: 3))
        #expect(eta.contains("\"level\" : 3") || eta.contains("\"level\": 3"))
        try write(
            eta.replacingOccurrences(of: "\"level\" : 3", with: "\"level\" : 3.0")
                .replacingOccurrences(of: "\"level\": 3", with: "\"level\": 3.0"), "eta/2026-Q4.json")
        try write("{\"format\": ", "broken/2026-Q1.json")
        try store.fileSystem.createDirectory(at: "\(store.storeRoot)/\(Workspace.questionnairesFolder)")
        return store
    }

    @Test(arguments: [nil, "2026-Q1", "2026-Q2", "2026-Q4", "2020-Q1"])
    func theSamePortfolioAsAFullRead(period text: String?) throws {
        let store = try Self.store()
        let period = text.map(Fixtures.period)
        let full = StoreHistory.read(store, questionnaire: Self.questionnaire(for:))
        let lean = StoreHistory.readForPortfolio(store, period: period, questionnaire: Self.questionnaire(for:))
        #expect(lean.problems == full.problems)
        #expect(full.problems.count >= 5)
        #expect(lean.folders == full.folders)
        func summary(_ list: [StoredAssessment]?) -> [[String]] {
            (list ?? []).map { [$0.path, $0.assessment.team, "\($0.assessment.period)", $0.questionnaire.version] }
        }
        for folder in full.folders {
            #expect(summary(lean.teams[folder]) == summary(full.teams[folder]))
        }
        let fullPortfolio = Portfolio.of(full, period: period)
        let leanPortfolio = Portfolio.of(lean, period: period)
        #expect(leanPortfolio.rows == fullPortfolio.rows)
        #expect(leanPortfolio.groups.map(\.commonGaps) == fullPortfolio.groups.map(\.commonGaps))
        #expect(leanPortfolio.groups.map { $0.domains.map(\.id) } == fullPortfolio.groups.map { $0.domains.map(\.id) })
        #expect(
            TrackingReports.portfolioJSON(leanPortfolio, problems: lean.problems)
                == TrackingReports.portfolioJSON(fullPortfolio, problems: full.problems))
        if period == nil {
            // Beta's latest has no questionnaire and Delta's latest in delta-old loses its claim:
            // both show the quarter before, read again with its answers.
            #expect(fullPortfolio.rows.contains { $0.team == "Beta" && $0.period == Fixtures.period("2026-Q2") })
            #expect(leanPortfolio.rows.first { $0.team == "Beta" }?.overall != nil)
            #expect(leanPortfolio.rows.filter { $0.team == "Delta" }.allSatisfy { $0.overall != nil })
            #expect(leanPortfolio.rows.first { $0.team == "Eta" }?.overall == 2.25)
        }
    }

    @Test func onlyTheShownAssessmentKeepsItsAnswers() throws {
        let store = try Self.store()
        let lean = StoreHistory.readForPortfolio(store, period: nil, questionnaire: Self.questionnaire(for:))
        let alpha = try #require(lean.teams["alpha"])
        #expect(alpha.map { $0.assessment.discover.answers.count } == [0, 0, 0, 3])
        #expect(alpha.last?.assessment.build.targets == ["ops": 4, "cost": 3])
    }

    @Test func readingLeavesTheStoreAsItWas() throws {
        let store = try Self.store()
        let path = "\(store.storeRoot)/broken/2026-Q1.json"
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let names = try FileManager.default.subpathsOfDirectory(atPath: store.storeRoot).sorted()
        _ = StoreHistory.readForPortfolio(store, period: nil, questionnaire: Self.questionnaire(for:))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: store.storeRoot).sorted() == names)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == before)
        #expect(
            String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self) == "{\"format\": "
        )
    }
}

/// The scanner checks each member the model decodes; a member added to a model must be added to
/// the scanner too, or it would pass unchecked.
@Suite("Lean assessment scanner: members")
struct AssessmentScannerMemberTests {
    static func names(_ list: [StaticString]) -> [String] { list.map { "\($0)" }.sorted() }
    static func keys<Key: CodingKey & CaseIterable>(_ type: Key.Type) -> [String] {
        type.allCases.map(\.stringValue).sorted()
    }

    @Test func theScannerKnowsEveryMemberOfTheModels() {
        typealias Names = AssessmentScanner.Names
        #expect(Self.names(Names.assessment) == Self.keys(Assessment.CodingKeys.self))
        #expect(Self.names(Names.reference) == Self.keys(QuestionnaireReference.CodingKeys.self))
        #expect(Self.names(Names.participant) == Self.keys(Participant.CodingKeys.self))
        #expect(Self.names(Names.envision) == Self.keys(Envision.CodingKeys.self))
        #expect(Self.names(Names.outcome) == Self.keys(Outcome.CodingKeys.self))
        #expect(Self.names(Names.kpi) == Self.keys(OutcomeKPI.CodingKeys.self))
        #expect(Self.names(Names.discover) == Self.keys(Discover.CodingKeys.self))
        #expect(Self.names(Names.answer) == Self.keys(Answer.CodingKeys.self))
        #expect(Self.names(Names.build) == Self.keys(Build.CodingKeys.self))
        #expect(Self.names(Names.deliver) == Self.keys(Deliver.CodingKeys.self))
        #expect(Self.names(Names.decision) == Self.keys(StepDecision.CodingKeys.self))
        #expect(Self.names(Names.improve) == Self.keys(Improve.CodingKeys.self))
        #expect(Self.names(Names.parkingLotItem) == Self.keys(ParkingLotItem.CodingKeys.self))
    }
}
