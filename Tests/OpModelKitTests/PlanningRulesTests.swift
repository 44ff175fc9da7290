import Testing

@testable import OpModelKit

/// The planning rules of release 0.2 (DESIGN §4.5), each on a case worked by hand: KPI
/// deadlines, effort points, a reason for every placement, and when the targets are reached.
@Suite("Planning rules: deadlines, effort, reasons, targets reached")
struct PlanningRulesTests {
    /// One domain of four questions, all at level 2 with a target of 3, weights 4, 3, 2, 1 so
    /// that without deadlines the order is Q1, Q2, Q3, Q4. Q4 serves KPI k1, Q3 serves k2.
    static func input(
        capacity: Int = 1, horizon: Int = 4, k1Due: String? = "2027-Q1", k2Due: String? = nil,
        efforts: [String: Int] = [:], target: Int = 3
    ) -> (Questionnaire, Assessment) {
        var questions = [
            Fixtures.question("Q1", weight: 4), Fixtures.question("Q2", weight: 3),
            Fixtures.question("Q3", weight: 2, kpis: ["k2"]), Fixtures.question("Q4", weight: 1, kpis: ["k1"]),
        ]
        for index in questions.indices {
            if let effort = efforts[questions[index].id] { questions[index].effort = ["2": effort, "3": effort] }
        }
        let questionnaire = Fixtures.questionnaire(
            domains: [Domain(id: "a", name: "A", questions: questions)],
            kpis: [
                KPIDefinition(id: "k1", name: "Lead time", unit: "days", direction: .lower, category: .agility),
                KPIDefinition(id: "k2", name: "Tag coverage", unit: "percent", direction: .higher, category: .agility),
            ])
        var assessment = Fixtures.assessment(
            answers: ["Q1": .level(2), "Q2": .level(2), "Q3": .level(2), "Q4": .level(2)], targets: ["a": target])
        assessment.deliver.capacityPerQuarter = capacity
        assessment.deliver.horizonQuarters = horizon
        assessment.envision.outcomes = [
            Outcome(
                id: "o1", title: "Faster and governed",
                kpis: [
                    OutcomeKPI(id: "k1", name: "Lead time", baseline: 10, target: 2, due: k1Due.map(Fixtures.period)),
                    OutcomeKPI(
                        id: "k2", name: "Tag coverage", baseline: 40, target: 95, due: k2Due.map(Fixtures.period)),
                ])
        ]
        return (questionnaire, assessment)
    }

    static func plan(_ input: (Questionnaire, Assessment)) -> Roadmap {
        RoadmapPlanner.plan(input.1, questionnaire: input.0)
    }

    static func quarters(_ roadmap: Roadmap) -> [String: String] {
        var result: [String: String] = [:]
        for step in roadmap.scheduledSteps { result[step.id] = step.quarter?.description }
        return result
    }

    // MARK: KPI deadlines

    @Test func aKPIDueBeforeItsStepsNaturalQuarterMovesTheStep() throws {
        // Without a due quarter Q4@3 comes last (priority 1 · 1.5), in 2027-Q4.
        let plain = Self.plan(Self.input(k1Due: nil))
        #expect(Self.quarters(plain)["Q4@3"] == "2027-Q4")
        #expect(plain.deadlines.isEmpty)
        // Due in 2027-Q1, it goes first and the others move back a quarter each.
        let roadmap = Self.plan(Self.input(k1Due: "2027-Q1"))
        #expect(
            Self.quarters(roadmap) == ["Q4@3": "2027-Q1", "Q1@3": "2027-Q2", "Q2@3": "2027-Q3", "Q3@3": "2027-Q4"])
        let step = try #require(roadmap.step(id: "Q4@3"))
        #expect(step.deadline == Fixtures.period("2027-Q1"))
        #expect(step.reason == "needed for Lead time, due 2027-Q1")
        #expect(roadmap.step(id: "Q1@3")?.reason == "priority 4; no room in 2027-Q1")
        #expect(roadmap.step(id: "Q2@3")?.reason == "priority 3; no room from 2027-Q1 to 2027-Q2")
        #expect(roadmap.deadlines.count == 1)
        #expect(roadmap.deadlines.first?.met == true)
        #expect(roadmap.deadlines.first?.steps == ["Q4@3"])
        #expect(roadmap.deadlinesAtRisk.isEmpty)
    }

    @Test func theNearestDeadlineGoesFirst() {
        let roadmap = Self.plan(Self.input(k1Due: "2027-Q3", k2Due: "2027-Q2"))
        #expect(
            Self.quarters(roadmap) == ["Q3@3": "2027-Q1", "Q4@3": "2027-Q2", "Q1@3": "2027-Q3", "Q2@3": "2027-Q4"])
        #expect(roadmap.deadlines.map(\.kpi) == ["k2", "k1"], "in due order")
        #expect(roadmap.deadlines.allSatisfy { $0.met })
    }

    @Test func aDeadlineThatCapacityCannotMeetIsReportedWithTheQuarterAndWhy() throws {
        // Both Q3 and Q4 serve KPIs due in 2027-Q1; one step a quarter.
        let roadmap = Self.plan(Self.input(k1Due: "2027-Q1", k2Due: "2027-Q1"))
        #expect(Self.quarters(roadmap)["Q3@3"] == "2027-Q1", "same deadline: priority order")
        #expect(Self.quarters(roadmap)["Q4@3"] == "2027-Q2")
        let atRisk = try #require(roadmap.deadlinesAtRisk.first)
        #expect(roadmap.deadlinesAtRisk.count == 1)
        #expect(atRisk.kpi == "k1")
        #expect(atRisk.due == Fixtures.period("2027-Q1"))
        #expect(
            atRisk.late == [
                LateStep(id: "Q4@3", period: Fixtures.period("2027-Q2"), why: "capacity: no room in 2027-Q1")
            ])
    }

    @Test func aDeadlineThatTheStepBeforeCannotMeetNamesIt() throws {
        // Q4 from 2 to 4 by 2027-Q1: Q4@3 must come first, so Q4@4 lands in 2027-Q2 at best.
        let roadmap = Self.plan(Self.input(capacity: 2, k1Due: "2027-Q1", target: 4))
        #expect(Self.quarters(roadmap)["Q4@3"] == "2027-Q1")
        #expect(Self.quarters(roadmap)["Q4@4"] == "2027-Q2")
        let step = try #require(roadmap.step(id: "Q4@3"))
        #expect(step.deadline == Fixtures.period("2026-Q4"), "a quarter before its next level's deadline")
        #expect(step.reason == "needed by 2026-Q4 for Lead time, due 2027-Q1")
        #expect(
            roadmap.step(id: "Q4@4")?.reason
                == "needed for Lead time, due 2027-Q1; after Q4@3 in 2027-Q1, one level a quarter")
        // Q4@3 lands by the due quarter (it serves the KPI too); Q4@4 cannot.
        #expect(
            roadmap.deadlinesAtRisk.first?.late == [
                LateStep(id: "Q4@4", period: Fixtures.period("2027-Q2"), why: "waits for Q4@3 in 2027-Q1")
            ])
    }

    @Test func aDeadlineBeforeTheRoadmapStartsBlamesTheStart() throws {
        let roadmap = Self.plan(Self.input(k1Due: "2026-Q4"))
        let late = try #require(roadmap.deadlinesAtRisk.first?.late.first)
        #expect(late.id == "Q4@3")
        #expect(late.period == Fixtures.period("2027-Q1"))
        #expect(late.why == "the roadmap starts in 2027-Q1, after 2026-Q4")
    }

    @Test func aPinnedStepStillWinsAndItsLatenessIsThePin() throws {
        var (questionnaire, assessment) = Self.input(k1Due: "2027-Q2")
        assessment.deliver.decisions["Q4@3"] = StepDecision(quarter: Fixtures.period("2027-Q3"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(Self.quarters(roadmap)["Q4@3"] == "2027-Q3")
        #expect(roadmap.step(id: "Q4@3")?.reason == "pinned to 2027-Q3 by the room")
        #expect(
            roadmap.deadlinesAtRisk.first?.late == [
                LateStep(id: "Q4@3", period: Fixtures.period("2027-Q3"), why: "pinned to 2027-Q3")
            ])
        // The others fill the free quarters in priority order.
        #expect(Self.quarters(roadmap)["Q1@3"] == "2027-Q1")
        #expect(Self.quarters(roadmap)["Q2@3"] == "2027-Q2")
        #expect(Self.quarters(roadmap)["Q3@3"] == "2027-Q4")
    }

    @Test func aDeadlineMissedForLackOfHorizonOrByADropIsListedWithoutAQuarter() throws {
        // One quarter, one step: Q4@3 goes first, Q3@3 (k2, due 2027-Q2) does not fit.
        let short = Self.plan(Self.input(horizon: 1, k1Due: "2027-Q1", k2Due: "2027-Q2"))
        let late = try #require(short.deadlinesAtRisk.first { $0.kpi == "k2" }?.late.first)
        #expect(late == LateStep(id: "Q3@3", period: nil, why: "no capacity left in the horizon"))

        var (questionnaire, assessment) = Self.input(k1Due: "2027-Q1")
        assessment.deliver.decisions["Q4@3"] = StepDecision(status: .dropped, reason: "not this year")
        let dropped = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(dropped.deadlinesAtRisk.first?.late == [LateStep(id: "Q4@3", period: nil, why: "dropped by the room")])
        #expect(dropped.dropped.first?.reason == "dropped by the room: not this year")
    }

    @Test func aDeadlinePassesToTheStepsItDependsOn() throws {
        // Q2 depends on Q1; Q2 serves k1 due 2027-Q2. Q1@3 inherits the deadline (same quarter
        // allowed for a dependency) and both go before Q3 and Q4.
        let questionnaire = Fixtures.questionnaire(
            domains: [
                Domain(
                    id: "a", name: "A",
                    questions: [
                        Fixtures.question("Q1", weight: 1),
                        Fixtures.question("Q2", weight: 1, kpis: ["k1"], dependsOn: ["Q1"]),
                        Fixtures.question("Q3", weight: 9), Fixtures.question("Q4", weight: 8),
                    ])
            ],
            kpis: [KPIDefinition(id: "k1", name: "Lead time", unit: "days", direction: .lower, category: .agility)])
        var assessment = Fixtures.assessment(
            answers: ["Q1": .level(2), "Q2": .level(2), "Q3": .level(2), "Q4": .level(2)], targets: ["a": 3])
        assessment.deliver.capacityPerQuarter = 1
        assessment.envision.outcomes = [
            Outcome(
                id: "o1", title: "Faster",
                kpis: [OutcomeKPI(id: "k1", name: "Lead time", due: Fixtures.period("2027-Q2"))])
        ]
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(
            Self.quarters(roadmap) == ["Q1@3": "2027-Q1", "Q2@3": "2027-Q2", "Q3@3": "2027-Q3", "Q4@3": "2027-Q4"])
        #expect(roadmap.step(id: "Q1@3")?.deadline == Fixtures.period("2027-Q2"))
        #expect(roadmap.step(id: "Q1@3")?.reason == "needed for Lead time, due 2027-Q2")
        // The dependency allows the same quarter; only the capacity kept Q2@3 out of 2027-Q1.
        #expect(roadmap.step(id: "Q2@3")?.reason == "needed for Lead time, due 2027-Q2; no room in 2027-Q1")
        #expect(roadmap.deadlines.first?.met == true)
    }

    // MARK: Effort

    @Test func effortPointsFillTheCapacity() {
        // Four points a quarter; sizes 3, 2, 2, 1 in priority order (no deadlines).
        let roadmap = Self.plan(
            Self.input(capacity: 4, k1Due: nil, efforts: ["Q1": 3, "Q2": 2, "Q3": 2, "Q4": 1]))
        // Q1 (3) in Q1; Q2 (2) does not fit beside it: Q2; Q3 (2) beside Q2; Q4 (1) beside Q1.
        #expect(
            Self.quarters(roadmap) == ["Q1@3": "2027-Q1", "Q2@3": "2027-Q2", "Q3@3": "2027-Q2", "Q4@3": "2027-Q1"])
        #expect(roadmap.milestones.map(\.points) == [4, 4, 0, 0])
        #expect(roadmap.step(id: "Q2@3")?.effort == 2)
        #expect(roadmap.step(id: "Q2@3")?.reason == "priority 3; no room in 2027-Q1")
        #expect(roadmap.capacityPerQuarter == 4)
    }

    @Test func aStepBiggerThanAQuarterTakesAQuarterAlone() {
        let roadmap = Self.plan(Self.input(capacity: 2, k1Due: nil, efforts: ["Q1": 5]))
        #expect(Self.quarters(roadmap) == ["Q1@3": "2027-Q1", "Q2@3": "2027-Q2", "Q3@3": "2027-Q2", "Q4@3": "2027-Q3"])
        #expect(roadmap.milestones.first?.points == 5)
    }

    @Test func withoutSizesEveryStepCountsOnePoint() {
        let roadmap = Self.plan(Self.input(capacity: 2, k1Due: nil))
        #expect(roadmap.scheduledSteps.allSatisfy { $0.effort == 1 })
        #expect(roadmap.milestones.map(\.points) == [2, 2, 0, 0])
    }

    @Test func pinnedPointsOverTheCapacityAreAConflict() {
        var (questionnaire, assessment) = Self.input(capacity: 3, k1Due: nil, efforts: ["Q1": 2, "Q2": 2])
        for id in ["Q1@3", "Q2@3"] {
            assessment.deliver.decisions[id] = StepDecision(quarter: Fixtures.period("2027-Q2"))
        }
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.conflicts == ["2027-Q2 has 2 pinned steps (4 points), more than the capacity of 3 a quarter"])
    }

    // MARK: Targets reached

    @Test func theTargetsAreReachedByTheLastQuarterOfAPlanWithoutAHorizon() {
        // One step a quarter, two quarters: two steps wait in the backlog, but without a
        // horizon all four are done by 2027-Q4.
        let roadmap = Self.plan(Self.input(horizon: 2, k1Due: nil))
        #expect(roadmap.backlog.count == 2)
        #expect(roadmap.targetsReachedBy == Fixtures.period("2027-Q4"))
        #expect(roadmap.unreachable.isEmpty)
        // When everything fits, it is the plan's own last step.
        #expect(Self.plan(Self.input(capacity: 2, k1Due: nil)).targetsReachedBy == Fixtures.period("2027-Q2"))
    }

    @Test func aDroppedStepMeansSomeTargetIsNeverReached() {
        var (questionnaire, assessment) = Self.input(k1Due: nil, target: 4)
        assessment.deliver.decisions["Q2@3"] = StepDecision(status: .dropped)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.targetsReachedBy == nil)
        #expect(
            roadmap.unreachable == [
                UnreachableStep(id: "Q2@3", why: "dropped by the room"),
                UnreachableStep(id: "Q2@4", why: "waits for Q2@3, which was dropped"),
            ])
    }

    // MARK: Reasons

    @Test func everyStepHasAReason() {
        var (questionnaire, assessment) = Self.input(capacity: 1, horizon: 2, k1Due: "2027-Q2", target: 4)
        assessment.deliver.decisions["Q1@4"] = StepDecision(quarter: Fixtures.period("2028-Q1"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.allSteps.allSatisfy { !$0.reason.isEmpty })
        #expect(roadmap.backlog.allSatisfy { $0.reason == $0.backlogReason })
        #expect(roadmap.step(id: "Q1@3")?.reason == "no capacity left in the horizon")
        #expect(roadmap.step(id: "Q4@3")?.reason == "needed by 2027-Q1 for Lead time, due 2027-Q2")
        #expect(roadmap.step(id: "Q1@4")?.reason == "pinned to 2028-Q1 by the room")
        // Without deadlines: lower levels first ("foundation"), then priority.
        let plain = Self.plan(Self.input(capacity: 2, k1Due: nil, target: 4))
        #expect(plain.step(id: "Q1@3")?.reason == "foundation (level 3), priority 8")
        #expect(
            plain.step(id: "Q1@4")?.reason
                == "priority 8; after Q1@3 in 2027-Q1, one level a quarter; no room in 2027-Q2")
    }
}

/// Every rule of DESIGN §4 checked on the roadmaps of seeded random inputs (efforts, two KPIs
/// with due quarters, pins, drops, `dependsOn` and all): the constraints hold, every late step
/// is reported and no other, every step has a reason, and "targets reached by" is consistent.
@Suite("Planning properties over random inputs")
struct PlanningPropertyTests {
    @Test(arguments: 0..<4)
    func everyRoadmapKeepsEveryRule(batch: Int) {
        for seed in UInt64(10_000 + batch * 300)..<UInt64(10_000 + batch * 300 + 300) {
            let (questionnaire, assessment) = RandomPlanningInput.make(seed: seed)
            let ids = questionnaire.allQuestions.map(\.id)
            guard Set(ids).count == ids.count else { continue }
            let problems = Self.problems(
                RoadmapPlanner.plan(assessment, questionnaire: questionnaire), assessment, questionnaire)
            #expect(problems.isEmpty, "seed \(seed): \(problems)")
            if !problems.isEmpty { return }
        }
    }

    /// What breaks a rule in `roadmap`, as sentences.
    static func problems(_ roadmap: Roadmap, _ assessment: Assessment, _ questionnaire: Questionnaire) -> [String] {
        var problems: [String] = []
        let capacity = roadmap.capacityPerQuarter
        let end = roadmap.start.advanced(by: roadmap.horizonQuarters - 1) ?? .latest
        var quarterOf: [String: Period] = [:]
        for step in roadmap.scheduledSteps { quarterOf[step.id] = step.quarter }
        let backlogIDs = Set(roadmap.backlog.map(\.id))
        let droppedIDs = Set(roadmap.dropped.map(\.id))
        // Capacity: the steps the planner placed never overfill a quarter.
        for milestone in roadmap.milestones {
            let pinned = milestone.steps.filter { $0.pinned != nil }.reduce(0) { $0 + $1.effort }
            let placed = milestone.steps.filter { $0.pinned == nil }.reduce(0) { $0 + min($1.effort, capacity) }
            if placed > 0 && pinned + placed > capacity {
                problems.append("\(milestone.period) holds \(pinned + placed) points, capacity \(capacity)")
            }
        }
        for step in roadmap.allSteps where step.reason.isEmpty { problems.append("\(step.id) has no reason") }
        // Order: placed steps are in the horizon and after everything they wait for.
        for candidate in RoadmapPlanner.steps(of: assessment, questionnaire: questionnaire) {
            guard let quarter = quarterOf[candidate.step.id], candidate.step.pinned == nil else { continue }
            if quarter < roadmap.start || quarter > end { problems.append("\(candidate.step.id) outside the horizon") }
            for wait in candidate.waitsFor where !droppedIDs.contains(wait.id) {
                guard let before = quarterOf[wait.id] else {
                    if backlogIDs.contains(wait.id) { problems.append("\(candidate.step.id) placed, \(wait.id) not") }
                    continue
                }
                if wait.sameQuestion ? before >= quarter : before > quarter {
                    problems.append("\(candidate.step.id) in \(quarter) before \(wait.id) in \(before)")
                }
            }
        }
        // Deadlines: exactly the serving steps after the due quarter, in the backlog or dropped.
        var due: [String: Period] = [:]
        for kpi in assessment.envision.outcomes.flatMap(\.kpis) {
            if let date = kpi.due { due[kpi.id] = min(due[kpi.id] ?? date, date) }
        }
        if Set(roadmap.deadlines.map(\.kpi)) != Set(due.keys) {
            problems.append("deadlines for \(roadmap.deadlines.map(\.kpi))")
        }
        for deadline in roadmap.deadlines {
            if deadline.due != due[deadline.kpi] { problems.append("\(deadline.kpi) due \(deadline.due)") }
            let serving = roadmap.allSteps.filter {
                questionnaire.question(id: $0.questionID)?.question.kpis?.contains(deadline.kpi) == true
            }
            let late = Set(serving.filter { step in step.quarter.map { $0 > deadline.due } ?? true }.map(\.id))
            if Set(deadline.late.map(\.id)) != late {
                problems.append("\(deadline.kpi): late \(deadline.late.map(\.id)), expected \(late)")
            }
            for step in deadline.late where step.why.isEmpty || step.period != quarterOf[step.id] {
                problems.append("\(deadline.kpi): \(step.id) \(String(describing: step.period)) '\(step.why)'")
            }
        }
        // Targets reached: a quarter exactly when every step can be reached.
        if roadmap.targetsReachedBy == nil {
            if roadmap.unreachable.isEmpty && !roadmap.allSteps.isEmpty {
                problems.append("never reached, but no reason")
            }
        } else {
            if !roadmap.unreachable.isEmpty || !roadmap.dropped.isEmpty {
                problems.append("reached despite \(roadmap.unreachable)")
            }
            if let by = roadmap.targetsReachedBy, let last = roadmap.scheduledSteps.compactMap(\.quarter).max(),
                by < last
            {
                problems.append("reached by \(by), before the step in \(last)")
            }
            if roadmap.backlog.isEmpty && roadmap.targetsReachedBy != roadmap.scheduledSteps.compactMap(\.quarter).max()
            {
                problems.append("everything fits, yet reached by \(String(describing: roadmap.targetsReachedBy))")
            }
        }
        return problems
    }
}
