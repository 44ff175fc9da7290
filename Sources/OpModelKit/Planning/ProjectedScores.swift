/// The domain and overall scores with the roadmap's steps done so far (DESIGN §4.4: the answers
/// projected forward), kept up to date as each quarter's steps are done.
///
/// A question is projected to the highest level its done steps reach (a `choices` question's
/// steps name the level its rules yield once their choices are in place); the scores are then those ``ScoreCalculator``
/// gives for the projected answers, to the last bit. A quarter without steps costs nothing, and
/// a step only changes the sums of its own domain: when every weight of the domain is a
/// multiple of 1/1024 (1, 2, 0.5, …) and the sums stay below 2^42, every partial sum is exact
/// in a `Double`, so the sum is updated by the step's difference; otherwise (weights such as
/// 0.1) the domain is summed again in question order, as the calculator does.
struct ProjectedScores {
    private let questionnaire: Questionnaire
    private let answers: [String: Answer]
    private let index: QuestionIndex
    /// Whether a question id appears twice (the validator refuses that): then every domain is
    /// summed again on each change, exactly as the calculator would.
    private let hasDuplicateIDs: Bool
    private var weighted: [Double]
    private var weights: [Double]
    private var exact: [Bool]
    /// The highest level the done steps reach, per question.
    private var reached: [String: Int] = [:]
    /// The projected level of each question whose answer the done steps replace.
    private var projectedLevels: [String: Int] = [:]
    /// The projected score of each domain, by id.
    private(set) var domains: [String: Double?] = [:]
    /// The projected overall score.
    private(set) var overall: Double?

    init(_ assessment: Assessment, questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        answers = assessment.discover.answers
        index = QuestionIndex(questionnaire)
        hasDuplicateIDs = index.count != questionnaire.domains.reduce(0) { $0 + $1.questions.count }
        let count = questionnaire.domains.count
        weighted = Array(repeating: 0, count: count)
        weights = Array(repeating: 0, count: count)
        exact = Array(repeating: false, count: count)
        let top = Double(max(abs(questionnaire.maximumLevel), abs(questionnaire.minimumLevel)))
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            sum(domainIndex)
            // Exact sums: weights that are multiples of 1/1024, and every partial sum (current
            // and projected levels alike) below 2^41, so that w · level and each sum need no
            // rounding.
            var bound = 0.0
            var isExact = !hasDuplicateIDs
            for question in domain.questions {
                let weight = question.effectiveWeight
                guard weight > 0 else { continue }
                let scaled = weight * 1024
                if !(scaled == scaled.rounded() && scaled < 0x1p43) { isExact = false }
                let level = AnswerState(question: question, answer: answers[question.id]).level ?? 0
                bound += weight * max(1, top, Double(abs(level)))
            }
            exact[domainIndex] = isExact && bound < 0x1p41
        }
        refresh()
    }

    /// Marks `steps` done and updates the scores.
    mutating func complete(_ steps: [RoadmapStep]) {
        guard !steps.isEmpty else { return }
        var touched: Set<String> = []
        for step in steps {
            touched.insert(step.questionID)
            reached[step.questionID] = max(reached[step.questionID] ?? step.fromLevel, step.toLevel)
        }
        var dirty: Set<Int> = []
        var changed = false
        for questionID in touched {
            guard let (question, domainIndex) = index.question(id: questionID) else { continue }
            let level = reached[questionID]
            guard projectedLevels[questionID] != level else { continue }
            changed = true
            if hasDuplicateIDs {
                projectedLevels[questionID] = level
                dirty.formUnion(questionnaire.domains.indices)
            } else if exact[domainIndex] {
                let before = contribution(of: question)
                projectedLevels[questionID] = level
                let after = contribution(of: question)
                weighted[domainIndex] += after.weighted - before.weighted
                weights[domainIndex] += after.weight - before.weight
            } else {
                projectedLevels[questionID] = level
                dirty.insert(domainIndex)
            }
        }
        for domainIndex in dirty { sum(domainIndex) }
        if changed { refresh() }
    }

    /// The answer of `questionID` with the done steps applied.
    private func answer(_ questionID: String) -> Answer? {
        guard let level = projectedLevels[questionID] else { return answers[questionID] }
        var answer = answers[questionID] ?? Answer()
        answer.level = level
        answer.choices = nil
        return answer
    }

    /// What `question` adds to its domain's sums: w · level and w when answered with w > 0.
    private func contribution(of question: Question) -> (weighted: Double, weight: Double) {
        let weight = question.effectiveWeight
        guard weight > 0, let level = AnswerState(question: question, answer: answer(question.id)).level else {
            return (0, 0)
        }
        return (weight * Double(level), weight)
    }

    /// Sums the domain at `domainIndex` in question order, as ``ScoreCalculator`` does.
    private mutating func sum(_ domainIndex: Int) {
        var domainWeighted = 0.0
        var domainWeights = 0.0
        for question in questionnaire.domains[domainIndex].questions {
            let part = contribution(of: question)
            guard part.weight > 0 else { continue }
            domainWeighted += part.weighted
            domainWeights += part.weight
        }
        weighted[domainIndex] = domainWeighted
        weights[domainIndex] = domainWeights
    }

    /// Domain and overall scores from the sums, as ``ScoreCalculator`` computes them.
    private mutating func refresh() {
        var scores: [String: Double?] = [:]
        var overallWeighted = 0.0
        var overallWeights = 0.0
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            let score: Double? = weights[domainIndex] > 0 ? weighted[domainIndex] / weights[domainIndex] : nil
            scores[domain.id] = score
            guard let score else { continue }
            let weight = domain.effectiveWeight
            overallWeighted += weight * score
            overallWeights += weight
        }
        domains = scores
        overall = overallWeights > 0 ? overallWeighted / overallWeights : nil
    }
}
