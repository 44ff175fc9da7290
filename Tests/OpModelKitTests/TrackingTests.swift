import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// A store on disk with two teams over three quarters (2027-Q1 to 2027-Q3), written with the
/// project's own writer, plus the awkward files a real store collects.
///
/// ```
/// platform/2027-Q1.json  Platform   questionnaire 1.0.0
/// platform/2027-Q2.json  Platform   questionnaire 1.0.0
/// platform/2027-Q3.json  Platform   questionnaire 2.0.0 (OP-3 removed, OP-4 new; OP-3 kept as orphaned)
/// data-ai/2027-Q1.json   "Data & AI"  1.0.0
/// data-ai/2027-Q3.json   "Data AI"    2.0.0  (renamed, same slug; no 2027-Q2: a gap)
/// platform-old/2027-Q2.json   a second file claiming Platform for 2027-Q2
/// broken/2027-Q2.json    not JSON (truncated)
/// questionnaires/test@1.0.0.json, test@2.0.0.json, platform/2027-Q1-roadmap.md, platform/notes.json
/// ```
///
/// Domain scores, worked out from DESIGN §3 (OP-2 has weight 2, every other weight is 1):
///
/// | file | Operations | Cost | Overall |
/// | --- | --- | --- | --- |
/// | Platform Q1 | (2+2·2+1)/4 = 1.75 | (2+1)/2 = 1.5 | 1.625 |
/// | Platform Q2 | (3+2·2+2)/4 = 2.25 | (3+3)/2 = 3.0 | 2.625 |
/// | Platform Q3 | (4+3·2+2)/4 = 3.0 | (3+2)/2 = 2.5 | 2.75 |
/// | Data Q1 | (1+2·2)/3 = 5/3 (OP-3 n/a) | 1 (CG-2 unanswered) | 4/3 |
/// | Data Q3 | (2+3·2+1)/4 = 2.25 | (2+2)/2 = 2.0 | 2.125 |
enum TrackingStore {
    static let v1 = versioned(
        "1.0.0",
        operations: [Fixtures.question("OP-1"), Fixtures.question("OP-2", weight: 2), Fixtures.question("OP-3")])
    static let v2 = versioned(
        "2.0.0",
        operations: [Fixtures.question("OP-1"), Fixtures.question("OP-2", weight: 2), Fixtures.question("OP-4")])

    static func versioned(_ version: String, operations: [Question]) -> Questionnaire {
        var questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "ops", name: "Operations", questions: operations),
            Domain(id: "cost", name: "Cost", questions: [Fixtures.question("CG-1"), Fixtures.question("CG-2")]),
        ])
        questionnaire.version = version
        return questionnaire
    }

    /// The questionnaire an assessment names, as the CLI's locator would find it.
    static func questionnaire(for assessment: Assessment) throws -> Questionnaire {
        switch assessment.questionnaire.version {
        case "1.0.0": return v1
        case "2.0.0": return v2
        default:
            throw DataError.other(file: "test", message: "no questionnaire test \(assessment.questionnaire.version)")
        }
    }

    static func make(
        team: String, period: String, version: String, answers: [String: Answer], targets: [String: Int]
    ) -> Assessment {
        var assessment = Fixtures.assessment(answers: answers, targets: targets, period: period)
        assessment.id = "\(Workspace.slug(for: team))-\(period)"
        assessment.team = team
        assessment.questionnaire = QuestionnaireReference(id: "test", version: version)
        assessment.phase = .complete
        return assessment
    }

    static func levels(_ levels: [String: Int]) -> [String: Answer] { levels.mapValues { Answer.level($0) } }

    /// Platform's outcomes: MTTR 240 → 60 minutes by 2027-Q4 (lower is better), deployments a
    /// week 2 → 10 by 2028-Q1, tagged spend 40% → 90% by 2027-Q3; baselines measured in 2027-Q1.
    static func platformOutcomes(mttr: Double, tagged: Double, baselinePeriod: String?) -> [Outcome] {
        var restore = OutcomeKPI(
            id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower, baseline: 240, target: 60,
            due: Fixtures.period("2027-Q4"), current: mttr)
        var deploys = OutcomeKPI(
            id: "deploys", name: "Deployments a week", direction: .higher, baseline: 2, target: 10,
            due: Fixtures.period("2028-Q1"))
        var share = OutcomeKPI(
            id: "tagged", name: "Share of spend tagged", unit: "percent", direction: .higher, baseline: 40, target: 90,
            due: Fixtures.period("2027-Q3"), current: tagged)
        if let baselinePeriod {
            restore.baselinePeriod = Fixtures.period(baselinePeriod)
            deploys.baselinePeriod = Fixtures.period(baselinePeriod)
            share.baselinePeriod = Fixtures.period(baselinePeriod)
        }
        return [
            Outcome(id: "o1", title: "Faster recovery", kpis: [restore, deploys]),
            Outcome(id: "o2", title: "Costs everyone can see", kpis: [share]),
        ]
    }

    static var platformQ1: Assessment {
        var assessment = make(
            team: "Platform", period: "2027-Q1", version: "1.0.0",
            answers: levels(["OP-1": 2, "OP-2": 2, "OP-3": 1, "CG-1": 2, "CG-2": 1]),
            targets: ["ops": 4, "cost": 3])
        assessment.organization = "Acme"
        assessment.facilitator = "Dana Lee"
        assessment.participants = [Participant(id: "p1", name: "Ana Silva"), Participant(id: "p2", name: "Ben Okafor")]
        assessment.envision.vision = "Releases nobody notices."
        assessment.envision.drivers = ["Time to market"]
        assessment.envision.outcomes = platformOutcomes(mttr: 240, tagged: 40, baselinePeriod: nil)
        assessment.discover.constraints = ["Hiring freeze"]
        assessment.discover.upskilling = ["SRE practices"]
        assessment.build.topology = .federated
        assessment.build.endState = "Paved roads."
        assessment.deliver.horizonQuarters = 6
        assessment.deliver.capacityPerQuarter = 3
        assessment.deliver.decisions = ["OP-1@3": StepDecision(owner: "Ana Silva")]
        assessment.improve.reviewCadence = "fortnightly"
        assessment.improve.reflections = "Vote earlier."
        assessment.improve.nextAssessment = Fixtures.period("2027-Q2")
        return assessment
    }

    static var platformQ2: Assessment {
        var assessment = make(
            team: "Platform", period: "2027-Q2", version: "1.0.0",
            answers: levels(["OP-1": 3, "OP-2": 2, "OP-3": 2, "CG-1": 3, "CG-2": 3]),
            targets: ["ops": 4, "cost": 3])
        assessment.envision.outcomes = platformOutcomes(mttr: 180, tagged: 50, baselinePeriod: "2027-Q1")
        assessment.deliver.decisions = [
            "OP-1@3": StepDecision(owner: "Ana Silva", status: .done), "CG-1@3": StepDecision(status: .done),
        ]
        assessment.improve.previous = Fixtures.period("2027-Q1")
        return assessment
    }

    static var platformQ3: Assessment {
        var answers = levels(["OP-1": 4, "OP-2": 3, "OP-3": 2, "OP-4": 2, "CG-1": 3])
        answers["CG-2"] = .level(2, note: "showback paused")
        var assessment = make(
            team: "Platform", period: "2027-Q3", version: "2.0.0", answers: answers, targets: ["ops": 4, "cost": 3])
        assessment.envision.outcomes = platformOutcomes(mttr: 170, tagged: 55, baselinePeriod: "2027-Q1")
        assessment.deliver.decisions = [
            "OP-1@3": StepDecision(owner: "Ana Silva", status: .done), "CG-1@3": StepDecision(status: .done),
            "OP-1@4": StepDecision(status: .done), "OP-2@3": StepDecision(status: .done),
            "OP-2@4": StepDecision(status: .inProgress),
        ]
        assessment.improve.previous = Fixtures.period("2027-Q2")
        return assessment
    }

    static var dataQ1: Assessment {
        var answers = levels(["OP-1": 1, "OP-2": 2, "CG-1": 1])
        answers["OP-3"] = .notApplicable(reason: "no runbooks yet")
        return make(
            team: "Data & AI", period: "2027-Q1", version: "1.0.0", answers: answers, targets: ["ops": 3, "cost": 4])
    }

    static var dataQ3: Assessment {
        make(
            team: "Data AI", period: "2027-Q3", version: "2.0.0",
            answers: levels(["OP-1": 2, "OP-2": 3, "OP-4": 1, "CG-1": 2, "CG-2": 2]), targets: ["ops": 3, "cost": 4])
    }

    static let unparsable = "{\"format\": \"opmodel.assessment\", \"formatVersion\": 1, \"team\": \"Broken\",\n"

    static func write(_ assessment: Assessment, to path: String) throws {
        let fileSystem = LocalFileSystem()
        try fileSystem.createDirectory(at: String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]))
        try fileSystem.writeAtomically(try DocumentWriter.text(of: assessment), to: path, backup: false)
    }

    /// Writes the whole store into a new temporary folder.
    static func build() throws -> Workspace {
        let store = Workspace(root: try Fixtures.temporaryFolder(), fileSystem: LocalFileSystem())
        // "Data & AI" was renamed "Data AI" by hand, in its files: both live in data-ai/.
        for assessment in [platformQ1, platformQ2, platformQ3, dataQ1, dataQ3] {
            try write(
                assessment, to: "\(store.storeRoot)/\(Workspace.slug(for: assessment.team))/\(assessment.period).json")
        }
        var copy = platformQ2
        copy.id = "copied-by-hand"
        try write(copy, to: "\(store.storeRoot)/platform-old/2027-Q2.json")
        try store.fileSystem.createDirectory(at: "\(store.storeRoot)/broken")
        try store.fileSystem.writeAtomically(unparsable, to: "\(store.storeRoot)/broken/2027-Q2.json", backup: false)
        try store.fileSystem.writeAtomically(
            "# roadmap\n", to: "\(store.storeRoot)/platform/2027-Q1-roadmap.md", backup: false)
        try store.fileSystem.writeAtomically("{}\n", to: "\(store.storeRoot)/platform/notes.json", backup: false)
        for questionnaire in [v1, v2] {
            try store.keepQuestionnaireCopy(questionnaire, text: try DocumentWriter.text(of: questionnaire))
        }
        return store
    }

    static func history(_ store: Workspace) -> StoreHistory {
        StoreHistory.read(store, questionnaire: questionnaire(for:))
    }
}

// MARK: - KPI status

@Suite("Tracking: KPI status rule")
struct KPIStatusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var direction: KPIDirection
        var baseline: Double
        var interim: Double
        var actual: Double
        var expected: KPIStatus
        var why: String
        var testDescription: String { "\(direction) \(baseline)→\(interim), actual \(actual): \(why)" }
    }

    /// E = s·(interim − baseline), A = s·(actual − baseline), s = +1 (higher) or −1 (lower).
    static let cases: [Case] = [
        // Higher is better, E = 100.
        Case(direction: .higher, baseline: 100, interim: 200, actual: 200, expected: .onTrack, why: "A = E"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 260, expected: .onTrack, why: "A > E"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 199, expected: .atRisk, why: "A just below E"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 150, expected: .atRisk, why: "A = E/2"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 149, expected: .offTrack, why: "A < E/2"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 100, expected: .offTrack, why: "no movement"),
        Case(direction: .higher, baseline: 100, interim: 200, actual: 90, expected: .offTrack, why: "wrong way"),
        // Lower is better (MTTR 240 → 60 over four quarters; one quarter in, interim 195, E = 45).
        Case(direction: .lower, baseline: 240, interim: 195, actual: 195, expected: .onTrack, why: "A = E"),
        Case(direction: .lower, baseline: 240, interim: 195, actual: 150, expected: .onTrack, why: "A > E"),
        Case(direction: .lower, baseline: 240, interim: 195, actual: 217.5, expected: .atRisk, why: "A = E/2"),
        Case(direction: .lower, baseline: 240, interim: 195, actual: 218, expected: .offTrack, why: "A < E/2"),
        Case(direction: .lower, baseline: 240, interim: 195, actual: 250, expected: .offTrack, why: "wrong way"),
        // Nothing expected yet (interim = baseline, E = 0).
        Case(direction: .higher, baseline: 100, interim: 100, actual: 100, expected: .onTrack, why: "E = 0, held"),
        Case(direction: .higher, baseline: 100, interim: 100, actual: 120, expected: .onTrack, why: "E = 0, better"),
        Case(direction: .higher, baseline: 100, interim: 100, actual: 99, expected: .atRisk, why: "E = 0, worse"),
        Case(direction: .lower, baseline: 240, interim: 240, actual: 230, expected: .onTrack, why: "E = 0, better"),
        Case(direction: .lower, baseline: 240, interim: 240, actual: 300, expected: .atRisk, why: "E = 0, worse"),
        // Decimals that do not add up exactly in binary: E = 0.6, A = 0.3 = E/2.
        Case(direction: .higher, baseline: 0.1, interim: 0.7, actual: 0.4, expected: .atRisk, why: "E/2 in binary"),
        Case(direction: .higher, baseline: 0.1, interim: 0.3, actual: 0.3, expected: .onTrack, why: "E in binary"),
    ]

    @Test(arguments: cases)
    func theStatusFollowsTheRule(_ row: Case) {
        let status = KPITracking.status(
            baseline: row.baseline, interimTarget: row.interim, actual: row.actual, direction: row.direction)
        #expect(status == row.expected)
    }

    @Test func theDirectionIsRecordedOrFollowsTheTarget() {
        #expect(KPITracking.direction(of: OutcomeKPI(id: "a", name: "A", baseline: 10, target: 5)) == .lower)
        #expect(KPITracking.direction(of: OutcomeKPI(id: "a", name: "A", baseline: 5, target: 10)) == .higher)
        #expect(KPITracking.direction(of: OutcomeKPI(id: "a", name: "A")) == .higher)
        #expect(
            KPITracking.direction(of: OutcomeKPI(id: "a", name: "A", direction: .higher, baseline: 10, target: 5))
                == .higher)
    }

    /// Platform 2027-Q3, baselines from 2027-Q1:
    /// MTTR 240 → 60 due 2027-Q4: interim 240 − 180·2/3 = 120; actual 170: E = 120, A = 70 ≥ 60 → at risk.
    /// Deployments 2 → 10 due 2028-Q1: interim 2 + 8·2/4 = 6; no actual → no status.
    /// Tagged 40 → 90 due 2027-Q3: interim 90; actual 55: E = 50, A = 15 < 25 → off track.
    @Test func progressOfAnAssessmentUsesTheBaselineQuarter() {
        let progress = KPITracking.progress(of: TrackingStore.platformQ3)
        #expect(progress.map(\.id) == ["mttr", "deploys", "tagged"])
        #expect(progress.map(\.interimTarget) == [120, 6, 90])
        #expect(progress.map(\.status) == [.atRisk, nil, .offTrack])
        #expect(progress.map(\.outcomeTitle) == ["Faster recovery", "Faster recovery", "Costs everyone can see"])
        // Without a baseline quarter the assessment's own period is the baseline: nothing expected yet.
        let first = KPITracking.progress(of: TrackingStore.platformQ1)
        #expect(first.map(\.interimTarget) == [240, 2, 40])
        #expect(first.map(\.status) == [.onTrack, nil, .onTrack])
    }
}

// MARK: - Re-assessment

@Suite("Tracking: starting a re-assessment")
struct ReassessmentStartTests {
    static func start(
        from previous: Assessment = TrackingStore.platformQ1, with questionnaire: Questionnaire = TrackingStore.v2,
        period: String = "2027-Q2"
    ) -> Reassessment {
        Reassessment.start(
            from: previous, questionnaire: questionnaire, id: "new-id", team: previous.team,
            period: Fixtures.period(period), createdAt: "2027-04-02T09:00:00Z")
    }

    /// Open parking-lot items come back every quarter with the quarter they were raised in, until
    /// an Improve review closes them; closed ones stay in the quarter that closed them. The
    /// question time box is the facilitator's setting, carried too.
    @Test func openParkingLotItemsAndTheTimeboxAreCarriedForward() {
        var previous = TrackingStore.platformQ1
        previous.discover.timebox = 180
        var closed = ParkingLotItem(text: "Who pays for on-call?", raisedBy: "Ana Silva", phase: .discover)
        closed.closedIn = previous.period
        closed.resolution = "Finance."
        let older = ParkingLotItem(text: "Backups of the wiki", phase: .improve, raisedIn: Fixtures.period("2026-Q2"))
        let open = ParkingLotItem(text: "Ask security about keys", phase: .deliver, question: nil)
        previous.parkingLot = [closed, older, open]
        let assessment = Self.start(from: previous).assessment
        var expectedOpen = open
        expectedOpen.raisedIn = previous.period
        #expect(assessment.parkingLot == [older, expectedOpen])
        #expect(assessment.discover.timebox == 180)
    }

    @Test func everythingButTheAnswersIsCarriedForward() {
        var previous = TrackingStore.platformQ1
        previous.build.targets["retired-domain"] = 2
        let started = Self.start(from: previous)
        let assessment = started.assessment
        #expect(assessment.id == "new-id")
        #expect(assessment.team == "Platform")
        #expect(assessment.period == Fixtures.period("2027-Q2"))
        #expect(assessment.createdAt == "2027-04-02T09:00:00Z")
        #expect(assessment.questionnaire == QuestionnaireReference(id: "test", version: "2.0.0"))
        #expect(assessment.phase == .envision)
        #expect(assessment.cursor == "envision/facilitator")
        #expect(assessment.organization == "Acme")
        #expect(assessment.facilitator == "Dana Lee")
        #expect(assessment.participants == previous.participants)
        #expect(assessment.envision.vision == previous.envision.vision)
        #expect(assessment.envision.drivers == ["Time to market"])
        #expect(assessment.envision.outcomes.map(\.title) == ["Faster recovery", "Costs everyone can see"])
        #expect(assessment.discover.constraints == ["Hiring freeze"])
        #expect(assessment.discover.upskilling == ["SRE practices"])
        // Targets of domains the questionnaire no longer has are left behind.
        #expect(assessment.build.targets == ["ops": 4, "cost": 3])
        #expect(assessment.build.topology == .federated)
        #expect(assessment.build.endState == "Paved roads.")
        #expect(assessment.deliver.horizonQuarters == 6)
        #expect(assessment.deliver.capacityPerQuarter == 3)
        #expect(assessment.deliver.startPeriod == nil)
        #expect(assessment.improve.previous == Fixtures.period("2027-Q1"))
        #expect(assessment.improve.reviewCadence == "fortnightly")
        #expect(assessment.improve.reflections == nil)
        #expect(assessment.improve.nextAssessment == nil)
    }

    @Test func kpisKeepTheQuarterTheirBaselineWasMeasuredIn() {
        var previous = TrackingStore.platformQ1
        previous.envision.outcomes[1].kpis[0].baselinePeriod = Fixtures.period("2026-Q3")
        let kpis = Self.start(from: previous).assessment.envision.outcomes.flatMap(\.kpis)
        #expect(kpis.map(\.id) == ["mttr", "deploys", "tagged"])
        // Unset → the previous assessment's period; already set → unchanged.
        #expect(kpis.map { $0.baselinePeriod?.description } == ["2027-Q1", "2027-Q1", "2026-Q3"])
        #expect(kpis.map(\.baseline) == [240, 2, 40])
        #expect(kpis.map(\.current) == [240, nil, 40])
    }

    @Test func answersAreNotCarriedExceptOrphanedOnes() {
        let started = Self.start()
        // OP-3 is gone from 2.0.0: its answer stays, as an orphaned answer.
        #expect(started.removedQuestions == ["OP-3"])
        #expect(started.assessment.discover.answers == ["OP-3": .level(1)])
        #expect(AssessmentValidator.orphanedAnswerIDs(started.assessment, questionnaire: TrackingStore.v2) == ["OP-3"])
        #expect(started.newQuestions == ["OP-4"])
    }

    @Test func theSameVersionListsNoNewQuestions() {
        let started = Self.start(with: TrackingStore.v1)
        #expect(started.removedQuestions.isEmpty)
        #expect(started.newQuestions.isEmpty)
        #expect(started.assessment.discover.answers.isEmpty)
    }

    /// Data & AI left CG-2 unanswered in 2027-Q1 (1.0.0 has it); only OP-4 is new in 2.0.0.
    @Test func aQuestionLeftUnansweredIsNotNew() {
        let started = Reassessment.start(
            from: TrackingStore.dataQ1, questionnaire: TrackingStore.v2, previousQuestionnaire: TrackingStore.v1,
            id: "x", team: "Data AI", period: Fixtures.period("2027-Q3"), createdAt: "2027-07-01T00:00:00Z")
        #expect(started.newQuestions == ["OP-4"])
        #expect(started.removedQuestions == ["OP-3"])
        #expect(started.assessment.discover.answers["OP-3"]?.notApplicable == true)
        #expect(started.assessment.team == "Data AI")
    }

    /// Re-assessing 2027-Q2: the new roadmap starts in 2027-Q3, so pins before it are dropped,
    /// a pin on 2027-Q3 or later stays, and a decision left with nothing in it disappears.
    @Test func pinsBeforeTheNewStartAreDropped() {
        var previous = TrackingStore.platformQ1
        previous.deliver.decisions = [
            "OP-1@3": StepDecision(owner: "Ana Silva", status: .done, quarter: Fixtures.period("2027-Q2")),
            "OP-2@3": StepDecision(quarter: Fixtures.period("2027-Q2")),
            "OP-2@4": StepDecision(quarter: Fixtures.period("2027-Q3")),
            "CG-2@3": StepDecision(owner: "Ben Okafor", status: .dropped, quarter: Fixtures.period("2028-Q1")),
        ]
        let decisions = Self.start(from: previous).assessment.deliver.decisions
        #expect(
            decisions == [
                "OP-1@3": StepDecision(owner: "Ana Silva", status: .done),
                "OP-2@4": StepDecision(quarter: Fixtures.period("2027-Q3")),
                "CG-2@3": StepDecision(owner: "Ben Okafor", status: .dropped, quarter: Fixtures.period("2028-Q1")),
            ])
    }

    /// One domain, target 3, A at 1 and B at 2, one step a quarter from 2027-Q1:
    /// A@2 (to level 2 first) → Q1; A@3 (priority 2) after A@2 → Q2; B@3 (priority 1) → Q3.
    @Test func stepsDueAreTheOpenStepsPlannedUpToThePeriod() {
        let questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "d", name: "D", questions: [Fixtures.question("A"), Fixtures.question("B")])
        ])
        var previous = Fixtures.assessment(answers: ["A": .level(1), "B": .level(2)], targets: ["d": 3])
        previous.deliver.capacityPerQuarter = 1
        func due(_ period: String) -> [String] {
            Reassessment.stepsDue(previous: previous, questionnaire: questionnaire, by: Fixtures.period(period))
                .map(\.id)
        }
        #expect(due("2026-Q4").isEmpty)
        #expect(due("2027-Q1") == ["A@2"])
        #expect(due("2027-Q2") == ["A@2", "A@3"])
        #expect(due("2027-Q3") == ["A@2", "A@3", "B@3"])
        previous.deliver.decisions = ["A@2": StepDecision(status: .done), "A@3": StepDecision(status: .dropped)]
        // A@3 dropped: B@3 moves up to 2027-Q2; A@2 is done.
        #expect(due("2027-Q2") == ["B@3"])
        previous.deliver.decisions = ["A@2": StepDecision(status: .inProgress)]
        #expect(due("2027-Q1") == ["A@2"])
    }
}

// MARK: - Comparison

@Suite("Tracking: comparing two quarters")
struct ComparisonTests {
    /// Platform 2027-Q2 (1.0.0) → 2027-Q3 (2.0.0), targets Operations 4, Cost 3.
    static var platform: Comparison {
        Comparison.compare(
            old: TrackingStore.platformQ2, oldQuestionnaire: TrackingStore.v1, new: TrackingStore.platformQ3,
            newQuestionnaire: TrackingStore.v2)
    }

    @Test func scoresAndDeltasPerDomain() throws {
        let comparison = Self.platform
        #expect(comparison.previousPeriod == Fixtures.period("2027-Q2"))
        #expect(comparison.currentPeriod == Fixtures.period("2027-Q3"))
        #expect(comparison.quartersApart == 1)
        #expect(comparison.previousOverall == 2.625)
        #expect(comparison.currentOverall == 2.75)
        #expect(comparison.domains.map(\.id) == ["ops", "cost"])
        #expect(comparison.domains.map(\.previous) == [2.25, 3.0])
        #expect(comparison.domains.map(\.current) == [3.0, 2.5])
        #expect(comparison.domains.map(\.delta) == [0.75, -0.5])
    }

    /// OP-1 3 → 4 and OP-2 2 → 3 moved up; CG-2 3 → 2 moved down with its note; CG-1 stayed at 3;
    /// OP-4 is new (no earlier level) and OP-3 is gone (not compared).
    @Test func questionsThatMovedCarryTheirNotes() {
        let comparison = Self.platform
        #expect(comparison.movedUp.map(\.id) == ["OP-1", "OP-2"])
        #expect(comparison.movedUp.map(\.from) == [3, 2])
        #expect(comparison.movedUp.map(\.to) == [4, 3])
        #expect(comparison.movedUp.allSatisfy { $0.note == nil && $0.domainName == "Operations" })
        #expect(
            comparison.movedDown
                == [
                    Comparison.QuestionChange(
                        id: "CG-2", domainName: "Cost", text: "Question CG-2?", from: 3, to: 2, note: "showback paused")
                ])
    }

    /// OP-1 was below its target 4 and reached it: closed. CG-2 was at its target 3 and fell to 2: opened.
    /// OP-2 is still below 4; CG-1 stayed at 3.
    @Test func gapsClosedAndOpened() {
        #expect(Self.platform.gapsClosed == ["OP-1"])
        #expect(Self.platform.gapsOpened == ["CG-2"])
    }

    /// Done in 2027-Q3 but not in 2027-Q2: OP-1@4 and OP-2@3 (OP-1@3 and CG-1@3 were done already;
    /// OP-2@4 is only in progress).
    @Test func stepsCompletedSinceTheOlderAssessment() {
        #expect(Self.platform.stepsCompleted == ["OP-1@4", "OP-2@3"])
    }

    @Test func kpisThenAndNowAgainstTheInterimTarget() {
        let kpis = Self.platform.kpis
        #expect(kpis.map(\.id) == ["mttr", "deploys", "tagged"])
        #expect(kpis.map(\.previous) == [180, nil, 50])
        #expect(kpis.map(\.current) == [170, nil, 55])
        #expect(kpis.map(\.interimTarget) == [120, 6, 90])
        #expect(kpis.map(\.status) == [.atRisk, nil, .offTrack])
    }

    /// Data & AI 2027-Q1 → 2027-Q3, two quarters apart: OP-1 1 → 2, OP-2 2 → 3, CG-1 1 → 2 moved up;
    /// CG-2 was unanswered (not compared); OP-2 reached its target 3 (gap closed). No KPIs.
    @Test func assessmentsTwoQuartersApart() {
        let comparison = Comparison.compare(
            old: TrackingStore.dataQ1, oldQuestionnaire: TrackingStore.v1, new: TrackingStore.dataQ3,
            newQuestionnaire: TrackingStore.v2)
        #expect(comparison.quartersApart == 2)
        #expect(comparison.movedUp.map(\.id) == ["OP-1", "OP-2", "CG-1"])
        #expect(comparison.movedDown.isEmpty)
        #expect(comparison.gapsClosed == ["OP-2"])
        #expect(comparison.gapsOpened.isEmpty)
        #expect(comparison.stepsCompleted.isEmpty)
        #expect(comparison.kpis.isEmpty)
        let markdown = TrackingReports.comparisonMarkdown(comparison, team: "Data AI")
        #expect(
            markdown.contains(
                "- The assessments are 2 quarters apart; deltas cover the whole span, not one quarter.\n"))
        #expect(markdown.contains("## KPIs\n\nNo KPIs are linked to outcomes.\n"))
        #expect(markdown.contains("## Questions that moved down\n\nNone.\n"))
    }

    /// JSON keeps two decimals of the unrounded scores: overall 2.75 − 2.625 = 0.125 → 0.13.
    @Test func theJSONComparison() throws {
        let json = TrackingReports.comparisonJSON(Self.platform, team: "Platform")
        #expect(json["team"]?.stringValue == "Platform")
        #expect(json["quartersApart"]?.numberValue == 1)
        #expect(json["overall"]?["previous"]?.numberValue == 2.63)
        #expect(json["overall"]?["current"]?.numberValue == 2.75)
        #expect(json["overall"]?["delta"]?.numberValue == 0.13)
        let domains = try #require(json["domains"]?.arrayValue)
        #expect(domains.map { $0["delta"]?.numberValue } == [0.75, -0.5])
        #expect(json["stepsCompleted"]?.arrayValue?.compactMap(\.stringValue) == ["OP-1@4", "OP-2@3"])
        let kpis = try #require(json["kpis"]?.arrayValue)
        #expect(kpis.map { $0["status"]?.stringValue } == ["at risk", nil, "off track"])
        #expect(kpis[1]["status"]?.isNull == true)
    }
}

// MARK: - The store on disk

@Suite("Tracking: reading the store")
struct StoreHistoryTests {
    @Test func twoTeamsWithTheirPeriodsInOrder() throws {
        let store = try TrackingStore.build()
        let history = TrackingStore.history(store)
        #expect(history.folders == ["data-ai", "platform"])
        let platform = try #require(history.teams["platform"])
        #expect(platform.map(\.assessment.period.description) == ["2027-Q1", "2027-Q2", "2027-Q3"])
        #expect(platform.map(\.questionnaire.version) == ["1.0.0", "1.0.0", "2.0.0"])
        #expect(
            platform.map(\.path) == ["2027-Q1", "2027-Q2", "2027-Q3"].map { "\(store.storeRoot)/platform/\($0).json" })
        #expect(platform.allSatisfy { $0.folder == "platform" })
        #expect(platform[2].assessment == TrackingStore.platformQ3)
        let data = try #require(history.teams["data-ai"])
        #expect(data.map(\.assessment.period.description) == ["2027-Q1", "2027-Q3"])
        #expect(data.map(\.assessment.team) == ["Data & AI", "Data AI"])
        #expect(history.problems.count == 3)
    }

    @Test func anUnparsableFileIsReportedSkippedAndLeftAsItWas() throws {
        let store = try TrackingStore.build()
        let path = "\(store.storeRoot)/broken/2027-Q2.json"
        let before = try #require(FileManager.default.contents(atPath: path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let history = TrackingStore.history(store)
        #expect(history.teams["broken"] == nil)
        let problem = try #require(history.problems.first { $0.hasPrefix(path) })
        #expect(problem.hasPrefix("\(path): skipped: "))
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(String(decoding: before, as: UTF8.self) == TrackingStore.unparsable)
        let after = try FileManager.default.attributesOfItem(atPath: path)
        #expect(after[.modificationDate] as? Date == attributes[.modificationDate] as? Date)
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
    }

    @Test func twoFilesClaimingTheSameTeamAndPeriod() throws {
        let store = try TrackingStore.build()
        let history = TrackingStore.history(store)
        let kept = "\(store.storeRoot)/platform/2027-Q2.json"
        let skipped = "\(store.storeRoot)/platform-old/2027-Q2.json"
        #expect(
            history.problems.contains(
                "\(skipped) and \(kept) both claim team \"Platform\" for 2027-Q2; \(skipped) is skipped"))
        #expect(history.teams["platform-old"] == nil)
        #expect(history.teams["platform"]?[1].assessment.id == "platform-2027-Q2")
    }

    /// A copy in a folder that sorts before the team's own (`archive` < `platform`) must not push
    /// the team's own file out of its history.
    @Test func theFileInTheTeamsOwnFolderWinsAClaim() throws {
        let store = try TrackingStore.build()
        var copy = TrackingStore.platformQ2
        copy.id = "archived"
        try TrackingStore.write(copy, to: "\(store.storeRoot)/archive/2027-Q2.json")
        let history = TrackingStore.history(store)
        #expect(history.folders == ["data-ai", "platform"])
        #expect(
            history.teams["platform"]?.map(\.assessment.id) == [
                "platform-2027-Q1", "platform-2027-Q2", "platform-2027-Q3",
            ])
        let kept = "\(store.storeRoot)/platform/2027-Q2.json"
        let archived = "\(store.storeRoot)/archive/2027-Q2.json"
        #expect(
            history.problems.contains(
                "\(archived) and \(kept) both claim team \"Platform\" for 2027-Q2; \(archived) is skipped"))
    }

    @Test func aRenamedTeamInOneFolderIsReported() throws {
        let history = TrackingStore.history(try TrackingStore.build())
        #expect(
            history.problems.contains(
                "data-ai: the team was renamed from \"Data & AI\" (2027-Q1) to \"Data AI\" (2027-Q3)"))
        #expect(Workspace.slug(for: "Data & AI") == Workspace.slug(for: "Data AI"))
    }

    @Test func aFileWhosePeriodDisagreesWithItsNameIsSkipped() throws {
        let store = Workspace(root: try Fixtures.temporaryFolder(), fileSystem: LocalFileSystem())
        try TrackingStore.write(TrackingStore.platformQ1, to: "\(store.storeRoot)/platform/2027-Q4.json")
        let history = TrackingStore.history(store)
        #expect(history.teams.isEmpty)
        #expect(
            history.problems == [
                "\(store.storeRoot)/platform/2027-Q4.json: the file name says 2027-Q4 but the assessment is for 2027-Q1; "
                    + "skipped"
            ])
    }

    @Test func aQuestionnaireThatCannotBeFoundSkipsTheFile() throws {
        let store = Workspace(root: try Fixtures.temporaryFolder(), fileSystem: LocalFileSystem())
        var unknown = TrackingStore.platformQ1
        unknown.questionnaire.version = "9.9.9"
        try TrackingStore.write(unknown, to: store.assessmentPath(team: "Platform", period: unknown.period))
        let history = TrackingStore.history(store)
        #expect(history.teams.isEmpty)
        #expect(history.problems.count == 1)
        #expect(history.problems.first?.hasPrefix("\(store.storeRoot)/platform/2027-Q1.json: skipped: ") == true)
    }

    @Test(arguments: [false, true])
    func anEmptyStore(withQuestionnaireCopies: Bool) throws {
        let store = Workspace(root: try Fixtures.temporaryFolder(), fileSystem: LocalFileSystem())
        if withQuestionnaireCopies {
            try store.keepQuestionnaireCopy(TrackingStore.v1, text: try DocumentWriter.text(of: TrackingStore.v1))
            try store.fileSystem.createDirectory(at: "\(store.storeRoot)/empty-team")
        }
        let history = TrackingStore.history(store)
        #expect(history.teams.isEmpty)
        #expect(history.folders.isEmpty)
        #expect(history.problems.isEmpty)
        let portfolio = Portfolio.of(history, period: nil)
        #expect(portfolio.rows.isEmpty)
        #expect(portfolio.groups.isEmpty)
        #expect(Trend.of(history.teams["platform"] ?? []) == nil)
        #expect(
            TrackingReports.portfolioMarkdown(portfolio, period: nil, problems: [])
                == "# Portfolio: latest assessment of every team\n\nNo assessments were found in the store.\n")
    }

    @Test func aStoreThatDoesNotExistReadsAsEmpty() {
        let store = Workspace(
            root: NSTemporaryDirectory() + "opmodel-missing-\(UUID().uuidString)", fileSystem: LocalFileSystem())
        let history = TrackingStore.history(store)
        #expect(history.teams.isEmpty)
        #expect(history.problems.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: store.storeRoot))
    }
}

// MARK: - Trend and portfolio

@Suite("Tracking: trend and portfolio")
struct TrendPortfolioTests {
    static func history() throws -> StoreHistory { TrackingStore.history(try TrackingStore.build()) }

    static func trend(_ folder: String, first count: Int? = nil) throws -> Trend {
        let assessments = try #require(try history().teams[folder])
        return try #require(Trend.of(count.map { Array(assessments.prefix($0)) } ?? assessments))
    }

    /// Whether `value` is `expected` up to rounding errors.
    static func close(_ value: Double?, _ expected: Double) -> Bool {
        value.map { abs($0 - expected) < 1e-12 } ?? false
    }

    @Test func theTrendOfATeam() throws {
        let trend = try Self.trend("platform")
        #expect(trend.team == "Platform")
        #expect(trend.domains.map(\.id) == ["ops", "cost"])
        #expect(trend.domains.map(\.name) == ["Operations", "Cost"])
        #expect(trend.targets == ["ops": 4, "cost": 3])
        #expect(trend.points.map(\.period.description) == ["2027-Q1", "2027-Q2", "2027-Q3"])
        #expect(trend.points.map(\.overall) == [1.625, 2.625, 2.75])
        #expect(trend.points.map { $0.domains["ops"] } == [1.75, 2.25, 3.0])
        #expect(trend.points.map { $0.domains["cost"] } == [1.5, 3.0, 2.5])
        #expect(trend.points.map(\.coverage) == [1, 1, 1])
        #expect(trend.missingPeriods.isEmpty)
    }

    /// Progress to date = (latest − first) / (target − first):
    /// Operations (3.0 − 1.75) / (4 − 1.75) = 5/9; Cost (2.5 − 1.5) / (3 − 1.5) = 2/3;
    /// overall, against the overall target weighted as the overall score is, (1·4 + 1·3)/2 = 3.5:
    /// (2.75 − 1.625) / (3.5 − 1.625) = 0.6.
    @Test func progressToDateWorkedOutByHand() throws {
        let trend = try Self.trend("platform")
        #expect(Self.close(trend.progressToDate(domain: "ops"), 5.0 / 9.0))
        #expect(Self.close(trend.progressToDate(domain: "cost"), 2.0 / 3.0))
        #expect(Self.close(trend.progressToDate(domain: nil), 0.6))
        #expect(trend.progressToDate(domain: "unknown") == nil)
        // One assessment: no progress yet.
        let single = try Self.trend("platform", first: 1)
        #expect(single.progressToDate(domain: nil) == nil)
    }

    /// Data & AI: 2027-Q1 and 2027-Q3, nothing for 2027-Q2; named after its latest assessment.
    /// Operations (2.25 − 5/3) / (3 − 5/3) = 7/16; Cost (2 − 1) / (4 − 1) = 1/3;
    /// overall (2.125 − 4/3) / (3.5 − 4/3) = 19/52.
    @Test func aGapBetweenQuartersIsListed() throws {
        let trend = try Self.trend("data-ai")
        #expect(trend.team == "Data AI")
        #expect(trend.points.map(\.period.description) == ["2027-Q1", "2027-Q3"])
        #expect(trend.missingPeriods == [Fixtures.period("2027-Q2")])
        #expect(trend.points.map(\.coverage) == [0.75, 1])
        #expect(Self.close(trend.progressToDate(domain: "ops"), 7.0 / 16.0))
        #expect(Self.close(trend.progressToDate(domain: "cost"), 1.0 / 3.0))
        #expect(Self.close(trend.progressToDate(domain: nil), 19.0 / 52.0))
        let json = TrackingReports.trendJSON(trend)
        #expect(json["missingPeriods"]?.arrayValue?.compactMap(\.stringValue) == ["2027-Q2"])
        #expect(json["progressToDate"]?.numberValue == 0.37)
    }

    /// Bars ▁▂▃▄▅▆▇█ at index round(7 · (v − low)/(high − low)): 1 → 0, 2 → round(1.75) = 2,
    /// 3 → round(3.5) = 4, 4 → round(5.25) = 5, 5 → 7; clamped outside the scale; blank when missing.
    static let sparklineCases: [([Double?], String)] = [
        ([1, 2, 3, 4, 5], "▁▃▅▆█"),
        ([nil, 3, nil], " ▅ "),
        ([0, 9], "▁█"),
        ([1.75, 2.25, 3.0], "▂▃▅"),
        ([], ""),
    ]

    @Test(arguments: sparklineCases)
    func sparklines(values: [Double?], expected: String) {
        #expect(Formatting.sparkline(values, low: 1, high: 5) == expected)
    }

    @Test func aSparklineOverAnEmptyScaleIsBlank() {
        #expect(Formatting.sparkline([1, 1], low: 1, high: 1) == "  ")
    }

    /// Latest of each team: Platform 2027-Q3 overall 2.75, Data AI 2027-Q3 overall 2.125.
    /// Below target (Platform: Operations 4, Cost 3; Data: Operations 3, Cost 4):
    /// OP-4 in both (4 − 2 and 3 − 1: mean 2), CG-2 in both (3 − 2 and 4 − 2: mean 1.5);
    /// OP-2 (Platform), OP-1 and CG-1 (Data) in one team only, so not listed.
    @Test func thePortfolioRanksTeamsAndFindsCommonGaps() throws {
        let history = try Self.history()
        let portfolio = Portfolio.of(history, period: nil)
        #expect(portfolio.groups.count == 1)
        #expect(portfolio.groups.first?.domains.map(\.id) == ["ops", "cost"])
        #expect(portfolio.rows.map(\.team) == ["Platform", "Data AI"])
        #expect(portfolio.rows.map(\.overall) == [2.75, 2.125])
        #expect(portfolio.rows.map(\.period.description) == ["2027-Q3", "2027-Q3"])
        #expect(
            portfolio.groups.first?.commonGaps == [
                Portfolio.CommonGap(id: "OP-4", text: "Question OP-4?", domainName: "Operations", teams: 2, meanGap: 2),
                Portfolio.CommonGap(id: "CG-2", text: "Question CG-2?", domainName: "Cost", teams: 2, meanGap: 1.5),
            ])
    }

    /// Only Platform has 2027-Q2 (targets 4 and 3): OP-2 and OP-3 are 2 below, OP-1 is 1 below;
    /// with one team every gap is listed, the largest first, then by id.
    @Test func thePortfolioOfOneQuarter() throws {
        let portfolio = Portfolio.of(try Self.history(), period: Fixtures.period("2027-Q2"))
        #expect(portfolio.rows.map(\.team) == ["Platform"])
        #expect(portfolio.rows.map(\.overall) == [2.625])
        #expect(portfolio.groups.first?.commonGaps.map(\.id) == ["OP-2", "OP-3", "OP-1"])
        #expect(portfolio.groups.first?.commonGaps.map(\.meanGap) == [2, 2, 1])
        #expect(Portfolio.of(try Self.history(), period: Fixtures.period("2026-Q1")).rows.isEmpty)
    }

    /// Equal scores are ranked by name; a team with nothing assessed comes last.
    @Test func rankingTiesAndTeamsNotAssessed() {
        func stored(_ team: String, _ levels: [String: Int]) -> StoredAssessment {
            let assessment = TrackingStore.make(
                team: team, period: "2027-Q1", version: "1.0.0", answers: TrackingStore.levels(levels), targets: [:])
            return StoredAssessment(
                path: "\(team).json", folder: Workspace.slug(for: team), assessment: assessment,
                questionnaire: TrackingStore.v1)
        }
        let history = StoreHistory(
            teams: [
                "zeta": [stored("Zeta", ["OP-1": 3])], "alpha": [stored("Alpha", ["OP-1": 3])],
                "empty": [stored("Empty", [:])], "top": [stored("Top", ["OP-1": 5])],
            ], problems: [])
        #expect(Portfolio.of(history, period: nil).rows.map(\.team) == ["Top", "Alpha", "Zeta", "Empty"])
    }
}

// MARK: - Golden reports

/// The three tracking reports over the store, compared line by line with Markdown written by
/// hand from the numbers above.
@Suite("Tracking: golden reports")
struct TrackingGoldenTests {
    /// Report lines as written by hand; each line's numbers are explained in the test.
    static func expectSame(_ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        for (index, (got, want)) in zip(actualLines, expectedLines).enumerated() where got != want {
            Issue.record("line \(index + 1):\n  got:  \(got)\n  want: \(want)", sourceLocation: sourceLocation)
            return
        }
        #expect(actualLines.count == expectedLines.count, sourceLocation: sourceLocation)
    }

    /// Lints `markdown` with `pymarkdown --disable-rules md013 scan` when it is installed.
    static func expectLintsClean(_ markdown: String, name: String) throws {
        switch try MarkdownLinter.lint(markdown, name: name) {
        case .notInstalled: #expect(!MarkdownLinter.isRequired, "pymarkdown is required here but not installed")
        case .clean: break
        case .problems(let report): Issue.record("\(name): \(report)")
        }
    }

    /// Platform 2027-Q2 → 2027-Q3. Checked by hand:
    /// - overall 2.625 → 2.6 and 2.75 → 2.8 (half away from zero); the delta of the shown values is +0.2;
    /// - Operations 2.25 → 2.3 and 3.0, +0.7; Cost 3.0 → 2.5, −0.5;
    /// - moved up OP-1 3 → 4, OP-2 2 → 3; down CG-2 3 → 2 (note); gap closed OP-1, opened CG-2;
    ///   steps done since: OP-1@4, OP-2@3;
    /// - KPIs (baselines 2027-Q1): MTTR interim 240 − 180·2/3 = 120, 170 moved 70 of 120 → at risk;
    ///   deployments interim 2 + 8·2/4 = 6, no actual; tagged interim 90 (due now), 55 moved 15 of 50
    ///   → off track.
    static let comparison = """
        # What moved: Platform, 2027-Q2 → 2027-Q3

        - Overall maturity: 2.6 → 2.8 (+0.2).
        - 2 questions moved up, 1 moved down; 1 gap closed, 1 opened; 2 roadmap steps completed.

        ## Domains

        | Domain | 2027-Q2 | 2027-Q3 | Delta |
        | --- | --- | --- | --- |
        | Operations | 2.3 | 3.0 | +0.7 |
        | Cost | 3.0 | 2.5 | -0.5 |

        ## Questions that moved up

        | Question | Domain | Level | Note |
        | --- | --- | --- | --- |
        | OP-1: Question OP-1? | Operations | 3 → 4 | – |
        | OP-2: Question OP-2? | Operations | 2 → 3 | – |

        ## Questions that moved down

        | Question | Domain | Level | Note |
        | --- | --- | --- | --- |
        | CG-2: Question CG-2? | Cost | 3 → 2 | showback paused |

        ## Gaps and steps

        - Gaps closed: OP-1
        - Gaps opened: CG-2
        - Steps completed: OP-1@4, OP-2@3

        ## KPIs

        | KPI | 2027-Q2 | 2027-Q3 | Interim target | Status |
        | --- | --- | --- | --- | --- |
        | Mean time to restore | 180 minutes | 170 minutes | 120 minutes | at risk |
        | Deployments a week | – | – | 6 | no actual |
        | Share of spend tagged | 50% | 55% | 90% | off track |

        KPI status: on track when the actual meets the interim target (the straight line from the baseline \
        to the target by its due quarter); at risk when it moved at least half as far as expected; off track \
        when it moved less than that or the wrong way.

        """

    @Test func theComparisonReport() throws {
        let history = TrackingStore.history(try TrackingStore.build())
        let platform = try #require(history.teams["platform"])
        let comparison = Comparison.compare(
            old: platform[1].assessment, oldQuestionnaire: platform[1].questionnaire, new: platform[2].assessment,
            newQuestionnaire: platform[2].questionnaire)
        let markdown = TrackingReports.comparisonMarkdown(comparison, team: "Platform")
        Self.expectSame(markdown, Self.comparison)
        try Self.expectLintsClean(Self.comparison, name: "comparison")
    }

    /// Data & AI, renamed Data AI, 2027-Q1 and 2027-Q3. Checked by hand:
    /// - Operations 5/3 → 1.7 and 2.25 → 2.3; Cost 1.0 and 2.0; overall 4/3 → 1.3 and 2.125 → 2.1;
    /// - sparkline index round(7·(v − 1)/4): 5/3 → 1.17 → ▂, 2.25 → 2.19 → ▃, 1 → ▁, 2 → 1.75 → ▃,
    ///   4/3 → 0.58 → ▂, 2.125 → 1.97 → ▃;
    /// - progress to date 7/16 = 44%, 1/3 = 33%, 19/52 = 37% (see aGapBetweenQuartersIsListed);
    /// - the overall target is weighted like the overall score: (3 + 4)/2 = 3.5;
    /// - the chart shows each domain's score to one decimal on an axis from the lowest shown score
    ///   rounded down (1.0) to the highest rounded up (2.3 → 3.0), with one colour per line named
    ///   in the legend table.
    static let trend = """
        # Trend: Data AI

        - 2 assessments from 2027-Q1 to 2027-Q3.
        - No assessment for 2027-Q2.
        - Progress to date: 37% of the way from the first assessment to the target.

        | Domain | 2027-Q1 | 2027-Q3 | Trend | Target | Progress to date |
        | --- | --- | --- | --- | --- | --- |
        | Operations | 1.7 | 2.3 | `▂▃` | 3 | 44% |
        | Cost | 1.0 | 2.0 | `▁▃` | 4 | 33% |
        | **Overall** | 1.3 | 2.1 | `▂▃` | 3.5 | 37% |

        ```mermaid
        \(MermaidCharts.xyChartInit(width: 900, height: 420, colours: 2, dataLabels: false))
        xychart-beta
            title "Maturity by quarter"
            x-axis ["2027-Q1", "2027-Q3"]
            y-axis "Level" 1.0 --> 3.0
            line [1.7, 2.3]
            line [1.0, 2.0]
        ```

        | Line | Colour | Domain | Latest |
        | --- | --- | --- | --- |
        | 1 | blue | Operations | 2.3 |
        | 2 | vermillion | Cost | 2.0 |

        """

    @Test func theTrendReport() throws {
        let history = TrackingStore.history(try TrackingStore.build())
        let trend = try #require(Trend.of(history.teams["data-ai"] ?? []))
        let markdown = TrackingReports.trendMarkdown(trend, low: 1, high: 5)
        Self.expectSame(markdown, Self.trend)
        try Self.expectLintsClean(Self.trend, name: "trend")
    }

    /// Platform over three quarters, in the terminal; sparkline index round(7·(v − 1)/4):
    /// Operations 1.75 → 1.31 ▂, 2.25 → 2.19 ▃, 3.0 → 3.5 ▅; Cost 1.5 → 0.88 ▂, 3.0 ▅, 2.5 → 2.63 ▄;
    /// overall 1.625 → 1.09 ▂, 2.625 → 2.84 ▄, 2.75 → 3.06 ▄. Names are padded to "Operations" (10).
    @Test func theTrendForATerminal() throws {
        let history = TrackingStore.history(try TrackingStore.build())
        let trend = try #require(Trend.of(history.teams["platform"] ?? []))
        #expect(
            TrackingReports.trendText(trend, low: 1, high: 5) == """
                Platform: 2027-Q1 → 2027-Q3, 3 assessments
                Operations  ▂▃▅  1.8 → 2.3 → 3.0
                Cost        ▂▅▄  1.5 → 3.0 → 2.5
                Overall     ▂▄▄  1.6 → 2.6 → 2.8

                """)
        let gap = try #require(Trend.of(history.teams["data-ai"] ?? []))
        #expect(TrackingReports.trendText(gap, low: 1, high: 5).hasSuffix("No assessment for 2027-Q2\n"))
    }

    /// The latest assessment of each team. Checked by hand:
    /// - ranking by overall: Platform 2.75 → 2.8, Data AI 2.125 → 2.1;
    /// - glyph index round(4·(v − 1)/4): 3.0 → 2 ◑, 2.5 → 1.5 → 2 ◑, 2.25 → 1.25 → 1 ◔, 2.0 → 1 ◔;
    /// - overall and coverage come right after the team (long names never push them out of sight),
    ///   and the quarter has a word joiner after its hyphen so that a narrow column keeps it whole;
    /// - both 2.0.0 assessments answer all five questions: coverage 100% (OP-3 is orphaned, not counted);
    /// - common gaps as in thePortfolioRanksTeamsAndFindsCommonGaps;
    /// - the three problems, in folder order: broken (the JSON ends on line 2, column 1), data-ai,
    ///   platform-old (the file in the team's own folder, platform, is kept).
    static func portfolio(root: String) -> String {
        """
        # Portfolio: latest assessment of every team

        ## Test 2.0.0

        2 teams, ranked by overall maturity. Glyphs: ○ 1 · ◔ · ◑ · ◕ · ● 5.

        | Rank | Team | Overall | Coverage | Period | Operations | Cost |
        | --- | --- | --- | --- | --- | --- | --- |
        | 1 | Platform | **2.8** | 100% | 2027-\u{2060}Q3 | ◑ 3.0 | ◑ 2.5 |
        | 2 | Data AI | **2.1** | 100% | 2027-\u{2060}Q3 | ◔ 2.3 | ◔ 2.0 |

        ### Questions most often below target

        Candidates for organisation-wide initiatives:

        | Question | Domain | Teams below target | Mean gap |
        | --- | --- | --- | --- |
        | OP-4: Question OP-4? | Operations | 2 | 2.0 |
        | CG-2: Question CG-2? | Cost | 2 | 1.5 |

        ## Files skipped or worth a look

        - \(root)/broken/2027-Q2.json: skipped: \(root)/broken/2027-Q2.json:2:1: not valid JSON: expected a member \
        name in quotes, found the end of the file (is the file truncated?)
        - data-ai: the team was renamed from "Data & AI" (2027-Q1) to "Data AI" (2027-Q3)
        - \(root)/platform-old/2027-Q2.json and \(root)/platform/2027-Q2.json both claim team "Platform" for \
        2027-Q2; \(root)/platform-old/2027-Q2.json is skipped

        """
    }

    @Test func thePortfolioReport() throws {
        let store = try TrackingStore.build()
        let history = TrackingStore.history(store)
        let markdown = TrackingReports.portfolioMarkdown(
            Portfolio.of(history, period: nil), period: nil, problems: history.problems)
        let expected = Self.portfolio(root: MarkdownEscaping.inline(store.storeRoot))
        Self.expectSame(markdown, expected)
        try Self.expectLintsClean(expected, name: "portfolio")
    }

    @Test func thePortfolioOfOneQuarterNamesIt() throws {
        let history = TrackingStore.history(try TrackingStore.build())
        let markdown = TrackingReports.portfolioMarkdown(
            Portfolio.of(history, period: Fixtures.period("2027-Q2")), period: Fixtures.period("2027-Q2"),
            problems: [])
        #expect(markdown.hasPrefix("# Portfolio: 2027-Q2\n\n## Test 1.0.0\n\n1 team, ranked by overall maturity."))
        // Platform 2027-Q2: Operations 2.25 → 2.3 ◔, Cost 3.0 ◑, overall 2.625 → 2.6.
        #expect(markdown.contains("| 1 | Platform | **2.6** | 100% | 2027-\u{2060}Q2 | ◔ 2.3 | ◑ 3.0 |"))
        #expect(!markdown.contains("Files skipped"))
        try Self.expectLintsClean(markdown, name: "portfolio-q2")
    }
}
