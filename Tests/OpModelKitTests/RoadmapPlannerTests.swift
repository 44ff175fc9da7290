import Testing

@testable import OpModelKit

@Suite("Roadmap planning (DESIGN §4)")
struct RoadmapPlannerTests {
    /// Domain A: Q1 (w1), Q2 (w2, depends on Q1). Domain B: Q3 (w1, moves KPI k1).
    static let questionnaire = Fixtures.questionnaire(
        domains: [
            Domain(
                id: "a", name: "A",
                questions: [Fixtures.question("Q1"), Fixtures.question("Q2", weight: 2, dependsOn: ["Q1"])]),
            Domain(id: "b", name: "B", questions: [Fixtures.question("Q3", kpis: ["k1"])]),
        ],
        kpis: [KPIDefinition(id: "k1", name: "K one", unit: "minutes", direction: .lower, category: .agility)])

    /// The KPI is due in 2027-Q4 unless `due` says otherwise; without a due quarter it only
    /// raises the priority of Q3's steps (DESIGN §4.2), with one it also sets their deadline.
    static func assessment(capacity: Int = 2, horizon: Int = 4, chooseKPI: Bool = true, due: String? = "2027-Q4")
        -> Assessment
    {
        var assessment = Fixtures.assessment(
            answers: ["Q1": .level(2), "Q2": .level(1), "Q3": .level(2)], targets: ["a": 4, "b": 4])
        assessment.deliver.capacityPerQuarter = capacity
        assessment.deliver.horizonQuarters = horizon
        if chooseKPI {
            assessment.envision.outcomes = [
                Outcome(
                    id: "o1", title: "Faster recovery",
                    kpis: [
                        OutcomeKPI(
                            id: "k1", name: "K one", unit: "minutes", baseline: 100, target: 20,
                            due: due.map(Fixtures.period))
                    ])
            ]
        }
        return assessment
    }

    func ids(_ steps: [RoadmapStep]) -> [String] { steps.map(\.id) }

    @Test func ordersFoundationsFirstThenPriorityAndHonoursDependenciesAndCapacity() {
        let roadmap = RoadmapPlanner.plan(Self.assessment(due: nil), questionnaire: Self.questionnaire)
        #expect(roadmap.start == Fixtures.period("2027-Q1"))
        #expect(roadmap.milestones.map(\.period.description) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"])
        // Worked by hand: Q2@2 first (lowest level); Q3@3 (p = 3 with the KPI) before Q1@3 (p = 2);
        // Q2@3 waits for Q1@3 (dependsOn, same level) and for Q2@2 (a quarter earlier).
        #expect(ids(roadmap.milestones[0].steps) == ["Q2@2", "Q3@3"])
        #expect(ids(roadmap.milestones[1].steps) == ["Q2@3", "Q1@3"])
        #expect(ids(roadmap.milestones[2].steps) == ["Q3@4", "Q1@4"])
        #expect(ids(roadmap.milestones[3].steps) == ["Q2@4"])
        #expect(roadmap.backlog.isEmpty)
        #expect(roadmap.conflicts.isEmpty)
    }

    @Test func stepCarriesTheNextActionOfItsFromLevel() throws {
        let roadmap = RoadmapPlanner.plan(Self.assessment(), questionnaire: Self.questionnaire)
        let step = try #require(roadmap.step(id: "Q1@3"))
        #expect(step.fromLevel == 2)
        #expect(step.toLevel == 3)
        #expect(step.action == "Move from two to three.")
        #expect(step.priority == 2)
        let linked = try #require(roadmap.step(id: "Q3@3"))
        #expect(linked.priority == 3, "1 · 1 · (4 − 2) · 1.5")
    }

    @Test func withoutTheKPIDomainOrderBreaksTheTie() {
        let roadmap = RoadmapPlanner.plan(Self.assessment(chooseKPI: false), questionnaire: Self.questionnaire)
        // Q1@3 and Q3@3 both have p = 2 now: domain A comes first.
        #expect(ids(roadmap.milestones[0].steps) == ["Q2@2", "Q1@3"])
    }

    @Test func whatDoesNotFitGoesToTheBacklogWithAReason() {
        let roadmap = RoadmapPlanner.plan(
            Self.assessment(capacity: 1, horizon: 2, due: nil), questionnaire: Self.questionnaire)
        #expect(ids(roadmap.scheduledSteps) == ["Q2@2", "Q3@3"])
        #expect(Set(ids(roadmap.backlog)) == ["Q2@3", "Q1@3", "Q2@4", "Q3@4", "Q1@4"])
        #expect(roadmap.backlog.first { $0.id == "Q1@3" }?.backlogReason == "no capacity left in the horizon")
        #expect(
            roadmap.backlog.first { $0.id == "Q2@3" }?.backlogReason
                == "waits for Q1@3 (no capacity left in the horizon)")
    }

    @Test func projectedScoresFollowTheScheduledSteps() {
        let roadmap = RoadmapPlanner.plan(Self.assessment(due: nil), questionnaire: Self.questionnaire)
        // After Q1: Q2 at 2, Q3 at 3 → A = (2 + 2·2)/3 = 2, B = 3.
        #expect(roadmap.milestones[0].projected["a"] == 2)
        #expect(roadmap.milestones[0].projected["b"] == 3)
        // After Q2: Q1 and Q2 at 3 → A = 3.
        #expect(roadmap.milestones[1].projected["a"] == 3)
        // After Q3: Q1 at 4 → A = (4 + 6)/3; B = 4.
        #expect(abs(((roadmap.milestones[2].projected["a"] ?? nil) ?? 0) - 10.0 / 3.0) < 1e-12)
        #expect(roadmap.milestones[2].projected["b"] == 4)
        #expect(roadmap.milestones[3].projected["a"] == 4)
    }

    @Test func interimKPITargetsAreLinearToTheDueQuarter() {
        let roadmap = RoadmapPlanner.plan(Self.assessment(), questionnaire: Self.questionnaire)
        // Baseline 100 at 2026-Q4, target 20 at 2027-Q4: −20 a quarter.
        #expect(roadmap.milestones.map { $0.kpis.first?.interimTarget } == [80, 60, 40, 20])
        #expect(roadmap.milestones[0].kpis.first?.outcomeID == "o1")
        #expect(
            RoadmapPlanner.interimTarget(
                baseline: 0, target: 10, from: Fixtures.period("2026-Q4"), due: Fixtures.period("2027-Q2"),
                at: Fixtures.period("2028-Q1")) == 10, "held at the target after the due quarter")
    }

    @Test func pinnedQuartersWinAndConflictsAreReported() {
        var assessment = Self.assessment()
        assessment.deliver.decisions["Q1@4"] = StepDecision(owner: "Ana", quarter: Fixtures.period("2027-Q1"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        let pinned = roadmap.milestones[0].steps.first { $0.id == "Q1@4" }
        #expect(pinned?.owner == "Ana")
        #expect(pinned?.pinned == Fixtures.period("2027-Q1"))
        #expect(roadmap.conflicts.count == 1)
        #expect(roadmap.conflicts.first?.contains("Q1@4 is pinned to 2027-Q1, but the step before it, Q1@3") == true)
    }

    @Test func tooManyPinsInAQuarterIsAConflict() {
        var assessment = Self.assessment(capacity: 1)
        for id in ["Q2@2", "Q3@3"] {
            assessment.deliver.decisions[id] = StepDecision(quarter: Fixtures.period("2027-Q2"))
        }
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(roadmap.conflicts.contains("2027-Q2 has 2 pinned steps, more than the capacity of 1 a quarter"))
        #expect(ids(roadmap.milestones[1].steps).contains("Q2@2"))
    }

    @Test func pinsOutsideTheHorizonExtendTheMilestones() {
        var assessment = Self.assessment()
        assessment.deliver.decisions["Q3@3"] = StepDecision(quarter: Fixtures.period("2028-Q2"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(roadmap.milestones.last?.period == Fixtures.period("2028-Q2"))
        #expect(roadmap.milestones.last?.steps.map(\.id) == ["Q3@3"])
        // Q3@4 had to wait for the pinned step, a quarter later, beyond the horizon.
        #expect(roadmap.backlog.map(\.id).contains("Q3@4"))
    }

    @Test func droppedStepsAreListedNotScheduled() {
        var assessment = Self.assessment()
        assessment.deliver.decisions["Q3@3"] = StepDecision(status: .dropped)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(ids(roadmap.dropped) == ["Q3@3"])
        #expect(!ids(roadmap.scheduledSteps).contains("Q3@3"))
        // The next level of the same question needs the dropped step: it waits in the backlog.
        #expect(!ids(roadmap.scheduledSteps).contains("Q3@4"))
        #expect(roadmap.backlog.first { $0.id == "Q3@4" }?.backlogReason == "waits for Q3@3, which was dropped")
    }

    @Test func pinningAStepWhosePrerequisiteWasDroppedIsAConflict() {
        var assessment = Self.assessment()
        assessment.deliver.decisions["Q3@3"] = StepDecision(status: .dropped)
        assessment.deliver.decisions["Q3@4"] = StepDecision(quarter: Fixtures.period("2027-Q3"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(roadmap.conflicts.contains("Q3@4 is pinned to 2027-Q3, but its prerequisite Q3@3 was dropped"))
    }

    @Test func planningIsDeterministic() {
        let first = RoadmapPlanner.plan(Self.assessment(capacity: 1, horizon: 3), questionnaire: Self.questionnaire)
        for _ in 0..<20 {
            #expect(
                RoadmapPlanner.plan(Self.assessment(capacity: 1, horizon: 3), questionnaire: Self.questionnaire)
                    == first)
        }
    }

    @Test func noTargetsMeansNoSteps() {
        var assessment = Self.assessment()
        assessment.build.targets = [:]
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(roadmap.allSteps.isEmpty)
        #expect(roadmap.milestones.count == 4)
    }

    @Test func notApplicableAndUnansweredQuestionsGetNoSteps() {
        var assessment = Self.assessment()
        assessment.discover.answers["Q1"] = .notApplicable(reason: "r")
        assessment.discover.answers["Q3"] = nil
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        #expect(roadmap.allSteps.allSatisfy { $0.questionID == "Q2" })
    }
}
