import OpModelTestSupport
import Testing

@testable import OpModelKit

/// The planner decides steps with a heap of ready steps, finds free quarters with union–find and
/// projects scores incrementally (README, "Performance"). These tests pin that it still gives
/// exactly the roadmap of the straightforward algorithm (``ReferenceRoadmapPlanner``), on random
/// inputs and on long `dependsOn` chains, without timing anything.
@Suite("Roadmap planning at scale")
struct RoadmapPlannerScalingTests {
    // MARK: The same roadmap as the reference planner

    @Test(arguments: 0..<8)
    func randomAssessmentsGetTheReferenceRoadmap(batch: Int) {
        for seed in UInt64(batch * 250)..<UInt64(batch * 250 + 250) {
            let (questionnaire, assessment) = RandomPlanningInput.make(seed: seed)
            let ids = questionnaire.allQuestions.map(\.id)
            guard Set(ids).count == ids.count else {
                // A repeated question id (the validator refuses it) gives two steps one id: the
                // planner must still plan, the same way every time.
                #expect(
                    RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
                        == RoadmapPlanner.plan(assessment, questionnaire: questionnaire), "seed \(seed)")
                continue
            }
            let planned = RoadmapPlanner.plan(assessment, questionnaire: questionnaire).placements
            let reference = ReferenceRoadmapPlanner.plan(assessment, questionnaire: questionnaire).placements
            #expect(planned == reference, "seed \(seed)")
            if planned != reference { return }
        }
    }

    @Test(arguments: [false, true])
    func chainsGetTheReferenceRoadmap(backwards: Bool) {
        let (questionnaire, assessment) = Self.chain(length: 300, backwards: backwards, capacity: 7, horizon: 12)
        let planned = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(planned.placements == ReferenceRoadmapPlanner.plan(assessment, questionnaire: questionnaire).placements)
        #expect(planned.scheduledSteps.count == 7 * 12)
    }

    @Test func fractionalWeightsProjectExactlyAsTheCalculator() {
        // 0.1 and 0.3 have no exact binary form: the domain is summed again in question order.
        let weights: [Double] = [0.1, 0.3, 1.7, 0.1, 2.2, 0.3]
        let questions = weights.enumerated().map { Fixtures.question("Q\($0.offset)", weight: $0.element) }
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "a", name: "A", questions: questions)])
        var answers: [String: Answer] = [:]
        for (index, question) in questions.enumerated() { answers[question.id] = .level(1 + index % 3) }
        var assessment = Fixtures.assessment(answers: answers, targets: ["a": 5])
        assessment.deliver.capacityPerQuarter = 1
        assessment.deliver.horizonQuarters = 20
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.placements == ReferenceRoadmapPlanner.plan(assessment, questionnaire: questionnaire).placements)
        #expect(roadmap.milestones.count == 20)
    }

    // MARK: Long chains

    /// Q-0 depends on Q-1, …, the last on none: every step waits for the one after it in
    /// priority order, the worst case for a planner that rescans its queue. All ten thousand
    /// steps are decided, last question first: each quarter takes the next hundred of them (and
    /// lists them in priority order), and the rest wait in the backlog.
    @Test func aTenThousandLongChainIsPlannedLastQuestionFirst() {
        let length = 10_000
        let (questionnaire, assessment) = Self.chain(length: length, backwards: true, capacity: 100, horizon: 40)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.milestones.count == 40)
        for (quarter, milestone) in roadmap.milestones.enumerated() {
            let expected = (0..<100).map { "Q-\(length - 100 * (quarter + 1) + $0)@2" }
            #expect(milestone.steps.map(\.id) == expected, "quarter \(quarter)")
            if milestone.steps.map(\.id) != expected { break }
        }
        #expect(roadmap.backlog.count == length - 4_000)
        #expect(roadmap.backlog.first?.id == "Q-0@2")
        #expect(roadmap.backlog.first?.backlogReason == "waits for Q-1@2 (no capacity left in the horizon)")
        #expect(roadmap.backlog.last?.id == "Q-5999@2")
        #expect(roadmap.backlog.last?.backlogReason == "no capacity left in the horizon")
        // The projection follows: one question of ten thousand raised per step, weight 1.
        let done = Double(roadmap.scheduledSteps.count)
        #expect(roadmap.milestones.last?.projectedOverall == (Double(length) + done) / Double(length))
    }

    /// The same chain forwards (each question depends on the one before it): every step is ready
    /// in turn and the quarters fill in question order.
    @Test func aForwardChainFillsQuartersInQuestionOrder() {
        let (questionnaire, assessment) = Self.chain(length: 10_000, backwards: false, capacity: 100, horizon: 40)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.scheduledSteps.map(\.id) == (0..<4_000).map { "Q-\($0)@2" })
        #expect(roadmap.backlog.first?.backlogReason == "no capacity left in the horizon")
    }

    /// Steps of one question a level apart land a quarter apart: a chain of levels of two
    /// thousand questions, each from 1 to 5 with capacity 1000, fills exactly four quarters.
    @Test func levelsOfOneQuestionLandAQuarterApart() {
        let count = 2_000
        let questions = (0..<count).map { Fixtures.question("Q-\($0)") }
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "a", name: "A", questions: questions)])
        var answers: [String: Answer] = [:]
        for question in questions { answers[question.id] = .level(1) }
        var assessment = Fixtures.assessment(answers: answers, targets: ["a": 5])
        assessment.deliver.capacityPerQuarter = 1_000
        assessment.deliver.horizonQuarters = 8
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        // Each quarter: a thousand steps of the lowest level not yet done, in question order.
        for (index, milestone) in roadmap.milestones.prefix(8).enumerated() {
            let level = 2 + index / 2
            let offset = index % 2 * 1_000
            #expect(milestone.steps.map(\.id) == (offset..<offset + 1_000).map { "Q-\($0)@\(level)" })
        }
        #expect(roadmap.backlog.isEmpty)
        #expect(roadmap.milestones.last?.projected["a"] == 5)
    }

    /// Pinned steps spread over many quarters: each quarter's projection counts only the steps
    /// done by then.
    @Test func manyPinnedQuartersProjectCumulatively() {
        let count = 200
        let questions = (0..<count).map { Fixtures.question("Q-\($0)") }
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "a", name: "A", questions: questions)])
        var answers: [String: Answer] = [:]
        for question in questions { answers[question.id] = .level(1) }
        var assessment = Fixtures.assessment(answers: answers, targets: ["a": 2])
        for index in 0..<count {
            let quarter = Fixtures.period("2027-Q1").advanced(by: index)
            assessment.deliver.decisions["Q-\(index)@2"] = StepDecision(quarter: quarter)
        }
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.milestones.count == count)
        for (index, milestone) in roadmap.milestones.enumerated() {
            #expect(milestone.steps.map(\.id) == ["Q-\(index)@2"])
            #expect(milestone.projected["a"] == Double(count + index + 1) / Double(count))
        }
        #expect(roadmap.placements == ReferenceRoadmapPlanner.plan(assessment, questionnaire: questionnaire).placements)
    }

    /// A chain of `length` questions at level 1 with target 2 in one domain: Q-i depends on
    /// Q-(i+1) (`backwards`) or on Q-(i−1).
    static func chain(length: Int, backwards: Bool, capacity: Int, horizon: Int) -> (Questionnaire, Assessment) {
        let questions = (0..<length).map { index -> Question in
            let other = backwards ? index + 1 : index - 1
            return Fixtures.question("Q-\(index)", dependsOn: (0..<length).contains(other) ? ["Q-\(other)"] : nil)
        }
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "a", name: "A", questions: questions)])
        var answers: [String: Answer] = [:]
        for question in questions { answers[question.id] = .level(1) }
        var assessment = Fixtures.assessment(answers: answers, targets: ["a": 2])
        assessment.deliver.capacityPerQuarter = capacity
        assessment.deliver.horizonQuarters = horizon
        return (questionnaire, assessment)
    }
}

/// Random small questionnaires and assessments that exercise every rule of the planner: levels
/// and `choices` questions, weights with and without an exact binary form, `dependsOn` (cycles,
/// self-references and unknown ids included, which the validator would refuse), per-question
/// targets, KPI links, pinned, dropped and owned steps, pins outside the horizon, and now and
/// then a repeated question or domain id.
enum RandomPlanningInput {
    static func make(seed: UInt64) -> (Questionnaire, Assessment) {
        var random = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
        let scale: [ScaleLevel] =
            random.chance(1, in: 5)
            ? [
                ScaleLevel(level: 0, name: "None"), ScaleLevel(level: 1, name: "Some"),
                ScaleLevel(level: 2, name: "Most"),
            ]
            : Fixtures.fiveLevels
        let low = scale.map(\.level).min() ?? 1
        let high = scale.map(\.level).max() ?? 5
        let weights: [Double?] = [nil, nil, 1, 2, 0, 0.5, 1.5, 0.1, 0.3, 1_000]
        var ids: [String] = []
        var domains: [Domain] = []
        for domainIndex in 0..<(1 + random.below(4)) {
            var questions: [Question] = []
            for _ in 0..<random.below(9) {
                let id = !ids.isEmpty && random.chance(1, in: 60) ? random.pick(ids) : "Q\(ids.count)"
                ids.append(id)
                var question = Fixtures.question(
                    id, weight: random.pick(weights),
                    kpis: random.chance(1, in: 3) ? random.pick([["k1"], ["k2"], ["k2", "k1"]]) : nil,
                    target: random.chance(1, in: 6) ? low + random.below(high - low + 1) : nil)
                if random.chance(1, in: 2) {
                    var effort: [String: Int] = [:]
                    for level in low...high where random.chance(2, in: 3) {
                        effort[String(level)] = 1 + random.below(5)
                    }
                    question.effort = effort
                }
                if random.chance(1, in: 5) {
                    question.kind = .choices
                    question.choices = ["a", "b", "c", "d"].prefix(2 + random.below(3)).map {
                        Choice(id: $0, title: $0)
                    }
                    question.noneChoice = random.chance(1, in: 3) ? "d" : nil
                    question.rules = [
                        Rule(when: "a && b", level: high), Rule(when: "a", level: low + 1),
                        Rule(when: "default", level: low),
                    ]
                }
                questions.append(question)
            }
            let domainID = domainIndex > 0 && random.chance(1, in: 40) ? "d0" : "d\(domainIndex)"
            domains.append(
                Domain(
                    id: domainID, name: "Domain \(domainIndex)", weight: random.pick([nil, 1, 2, 0.5, 0.3]),
                    questions: questions))
        }
        // Dependencies over the whole questionnaire, cycles and all.
        for domainIndex in domains.indices {
            for questionIndex in domains[domainIndex].questions.indices where random.chance(1, in: 3) {
                var dependsOn: [String] = []
                for _ in 0..<(1 + random.below(2)) {
                    dependsOn.append(random.chance(1, in: 20) ? "unknown" : random.pick(ids))
                }
                domains[domainIndex].questions[questionIndex].dependsOn = dependsOn
            }
        }
        let questionnaire = Questionnaire(
            id: "test", version: "1.0.0", title: "Test", scale: scale, domains: domains,
            kpis: [
                KPIDefinition(id: "k1", name: "K one", unit: "minutes", direction: .lower, category: .agility),
                KPIDefinition(id: "k2", name: "K two", unit: "percent", direction: .higher, category: .agility),
            ])

        var assessment = Fixtures.assessment()
        for domain in domains {
            for question in domain.questions {
                switch random.below(10) {
                case 0: assessment.discover.answers[question.id] = .notApplicable(reason: "not here")
                case 1: continue
                default:
                    if question.effectiveKind == .choices && random.chance(3, in: 4) {
                        let ticked = (question.choices ?? []).map(\.id).filter { _ in random.chance(1, in: 2) }
                        assessment.discover.answers[question.id] = Answer(choices: ticked)
                    } else {
                        assessment.discover.answers[question.id] = .level(low + random.below(high - low + 1))
                    }
                }
            }
            if random.chance(4, in: 5) { assessment.build.targets[domain.id] = low + random.below(high - low + 1) }
        }
        if random.chance(1, in: 2) {
            func due() -> Period? {
                random.chance(1, in: 5) ? nil : Fixtures.period("2027-Q1").advanced(by: random.below(10) - 2)
            }
            var kpis = [OutcomeKPI(id: "k1", name: "K one", baseline: 100, target: 20, due: due())]
            if random.chance(1, in: 2) {
                kpis.append(OutcomeKPI(id: "k2", name: "K two", baseline: 10, target: 90, due: due()))
            }
            assessment.envision.outcomes = [Outcome(id: "o1", title: "Faster", kpis: kpis)]
            if random.chance(1, in: 4) {
                // The same KPI chosen again under a second outcome, with another due quarter.
                assessment.envision.outcomes.append(
                    Outcome(id: "o2", title: "Again", kpis: [OutcomeKPI(id: "k1", name: "K one", due: due())]))
            }
        }
        let start = Fixtures.period("2027-Q1")
        if random.chance(1, in: 3) { assessment.deliver.startPeriod = start.advanced(by: random.below(5) - 2) }
        if random.chance(3, in: 4) { assessment.deliver.horizonQuarters = 1 + random.below(8) }
        if random.chance(3, in: 4) { assessment.deliver.capacityPerQuarter = 1 + random.below(4) }
        let steps = RoadmapPlanner.steps(of: assessment, questionnaire: questionnaire).map(\.step.id)
        for id in steps where random.chance(1, in: 4) {
            let statuses: [StepStatus?] = [nil, .planned, .inProgress, .done, .dropped]
            let quarter = random.chance(1, in: 2) ? start.advanced(by: random.below(14) - 3) : nil
            assessment.deliver.decisions[id] = StepDecision(
                owner: random.chance(1, in: 2) ? "Ana" : nil, status: random.pick(statuses), quarter: quarter)
        }
        return (questionnaire, assessment)
    }
}
