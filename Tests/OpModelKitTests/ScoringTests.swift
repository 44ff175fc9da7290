import Testing

@testable import OpModelKit

@Suite("Scoring (DESIGN §3)")
struct ScoringTests {
    /// Domain A (weight 1): Q1 w1, Q2 w2, Q3 w0, Q4 w1. Domain B (weight 2): Q5, Q6. Domain C: Q7.
    static let questionnaire = Fixtures.questionnaire(domains: [
        Domain(
            id: "a", name: "A",
            questions: [
                Fixtures.question("Q1"), Fixtures.question("Q2", weight: 2), Fixtures.question("Q3", weight: 0),
                Fixtures.question("Q4"),
            ]),
        Domain(id: "b", name: "B", weight: 2, questions: [Fixtures.question("Q5"), Fixtures.question("Q6")]),
        Domain(id: "c", name: "C", questions: [Fixtures.question("Q7")]),
    ])

    static let answers: [String: Answer] = [
        "Q1": .level(2), "Q2": .level(4), "Q3": .level(5), "Q4": .notApplicable(reason: "no such thing"),
        "Q5": .level(3),
    ]

    @Test func weightedDomainScoresExcludeNotApplicableUnansweredAndZeroWeights() throws {
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: Self.answers, targets: ["a": 4, "b": 4]), questionnaire: Self.questionnaire)
        let a = try #require(card.domain("a"))
        // (1·2 + 2·4) / (1 + 2) = 10/3; Q3 has weight 0 and Q4 is not applicable.
        #expect(abs((a.score ?? 0) - 10.0 / 3.0) < 1e-12)
        #expect(a.answered == 3)
        #expect(a.notApplicable == 1)
        #expect(a.unanswered == 0)
        #expect(a.coverage == 1)
        #expect(abs((a.gap ?? 0) - 2.0 / 3.0) < 1e-12)
        let b = try #require(card.domain("b"))
        #expect(b.score == 3)
        #expect(b.coverage == 0.5)
        #expect(b.gap == 1)
        let c = try #require(card.domain("c"))
        #expect(c.score == nil, "a domain with nothing answered is not assessed, never 0")
        #expect(c.coverage == 0)
        #expect(c.gap == nil)
    }

    @Test func overallScoreWeightsAssessedDomainsOnly() {
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: Self.answers, targets: ["a": 4, "b": 4]), questionnaire: Self.questionnaire)
        // (1 · 10/3 + 2 · 3) / (1 + 2) = 28/9; domain C is not assessed and left out.
        #expect(abs((card.overall.score ?? 0) - 28.0 / 9.0) < 1e-12)
        #expect(card.overall.target == 4)
        // 4 answered of 6 applicable (7 questions, 1 not applicable).
        #expect(abs((card.overall.coverage ?? 0) - 4.0 / 6.0) < 1e-12)
        // Gaps per answered question with a target: Q1 2, Q2 0, Q3 0, Q5 1 → 3; spans 4 × (4 − 1) = 12.
        #expect(card.percentToTarget == 0.75)
    }

    @Test func nothingAnsweredMeansNotAssessed() {
        let card = ScoreCalculator.score(Fixtures.assessment(), questionnaire: Self.questionnaire)
        #expect(card.overall.score == nil)
        #expect(card.overall.coverage == 0)
        #expect(card.percentToTarget == nil)
        #expect(card.domains.allSatisfy { $0.score == nil })
    }

    @Test func everythingNotApplicableHasNoCoverage() {
        let questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "a", name: "A", questions: [Fixtures.question("Q1")])
        ])
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: ["Q1": .notApplicable(reason: "r")]), questionnaire: questionnaire)
        #expect(card.domain("a")?.coverage == nil)
        #expect(card.domain("a")?.score == nil)
        #expect(card.overall.coverage == nil)
    }

    @Test func deltasComeFromThePreviousAssessment() {
        let previous = Fixtures.assessment(answers: ["Q1": .level(1), "Q2": .level(4)], period: "2026-Q3")
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: Self.answers), questionnaire: Self.questionnaire, previous: previous)
        // Previous A = (1 + 8) / 3 = 3; now 10/3.
        #expect(abs((card.domain("a")?.delta ?? 0) - 1.0 / 3.0) < 1e-12)
        #expect(card.domain("b")?.delta == nil, "B was not assessed before")
    }

    @Test func questionTargetOverridesTheDomainTarget() {
        let questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "a", name: "A", questions: [Fixtures.question("Q1", target: 2), Fixtures.question("Q2")])
        ])
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: ["Q1": .level(2), "Q2": .level(2)], targets: ["a": 5]),
            questionnaire: questionnaire)
        // Q1: gap 0 of span 1; Q2: gap 3 of span 4 → 1 − 3/5.
        #expect(abs((card.percentToTarget ?? 0) - 0.4) < 1e-12)
    }

    @Test func aScaleFromZeroToThreeWorks() throws {
        var questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "a", name: "A", questions: [Fixtures.question("Q1"), Fixtures.question("Q2")])
        ])
        questionnaire.scale = [
            ScaleLevel(level: 0, name: "None"), ScaleLevel(level: 1, name: "Ad hoc"),
            ScaleLevel(level: 2, name: "Managed"),
            ScaleLevel(level: 3, name: "Optimized"),
        ]
        let card = ScoreCalculator.score(
            Fixtures.assessment(answers: ["Q1": .level(0), "Q2": .level(3)], targets: ["a": 3]),
            questionnaire: questionnaire)
        #expect(card.domain("a")?.score == 1.5)
        #expect(questionnaire.levelName(for: 1.5) == "Ad hoc")
        #expect(questionnaire.levelName(for: 0) == "None")
        // Gaps 3 + 0 over spans (3 − 0) + (3 − 0).
        #expect(card.percentToTarget == 0.5)
        #expect(ScoreCalculator.suggestedTarget(score: 1.5, questionnaire: questionnaire) == 2)
        #expect(ScoreCalculator.suggestedTarget(score: 3, questionnaire: questionnaire) == 3)
    }

    @Test func levelLabelIsTheHighestLevelAtOrBelowTheScore() {
        let questionnaire = Self.questionnaire
        #expect(questionnaire.levelName(for: 2.7) == "Repeatable")
        #expect(questionnaire.levelName(for: 3.0) == "Defined")
        // The label follows the score as shown (one decimal), so "3.0" never reads "Repeatable".
        #expect(questionnaire.levelName(for: 2.94) == "Repeatable")
        #expect(questionnaire.levelName(for: 2.96) == "Defined")
        #expect(questionnaire.levelName(for: 5) == "Optimizing")
    }

    @Test func suggestedTargetIsOneAboveTheCurrentLevelCappedAtTheTop() {
        #expect(ScoreCalculator.suggestedTarget(score: 2.3, questionnaire: Self.questionnaire) == 3)
        #expect(ScoreCalculator.suggestedTarget(score: 3.0, questionnaire: Self.questionnaire) == 4)
        #expect(ScoreCalculator.suggestedTarget(score: 4.8, questionnaire: Self.questionnaire) == 5)
        #expect(ScoreCalculator.suggestedTarget(score: 5, questionnaire: Self.questionnaire) == 5)
        #expect(ScoreCalculator.suggestedTarget(score: nil, questionnaire: Self.questionnaire) == nil)
    }

    @Test(arguments: [
        (2.25, "2.3"), (2.35, "2.4"), (0.15, "0.2"), (2.449, "2.4"), (-0.25, "-0.3"), (3, "3.0"), (0.04, "0.0"),
        (-0.04, "0.0"), (9.96, "10.0"),
    ])
    func reportsRoundHalfAwayFromZero(value: Double, text: String) {
        #expect(Rounding.text(value) == text)
    }

    @Test func exportsKeepTwoDecimals() {
        #expect(Rounding.halfAwayFromZero(10.0 / 3.0, places: 2) == 3.33)
        #expect(Rounding.halfAwayFromZero(2.675, places: 2) == 2.68)
        #expect(Rounding.halfAwayFromZero(-1.005, places: 2) == -1.01)
    }

    @Test func progressToDate() {
        #expect(ScoreCalculator.progress(current: 3, baseline: 2, target: 4) == 0.5)
        #expect(ScoreCalculator.progress(current: 3, baseline: 3, target: 3) == nil)
        #expect(ScoreCalculator.progress(current: nil, baseline: 2, target: 4) == nil)
    }

    @Test func choicesQuestionsScoreByTheirFirstMatchingRule() {
        var question = Fixtures.question("L1")
        question.kind = .choices
        question.choices = [
            Choice(id: "a", title: "A"), Choice(id: "b", title: "B"), Choice(id: "none", title: "None"),
        ]
        question.noneChoice = "none"
        question.rules = [
            Rule(when: "a && b", level: 3), Rule(when: "a || b", level: 2), Rule(when: "default", level: 1),
        ]
        #expect(AnswerState(question: question, answer: Answer(choices: ["a", "b"])) == .answered(level: 3))
        #expect(AnswerState(question: question, answer: Answer(choices: ["b"])) == .answered(level: 2))
        #expect(AnswerState(question: question, answer: Answer(choices: ["none"])) == .answered(level: 1))
        #expect(AnswerState(question: question, answer: nil) == .unanswered)
    }
}
