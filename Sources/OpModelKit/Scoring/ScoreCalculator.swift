/// Computes the scores of DESIGN §3. Every rule of the scoring formula lives here.
public enum ScoreCalculator {
    /// The formula as printed in every report's appendix.
    public static let formulaLines: [String] = [
        "question score = its level (a choices question: the level its rules yield)",
        "domain score = Σ(w_q · level_q) / Σ(w_q) over answered, applicable questions with w_q > 0; "
            + "no such question → the domain is not assessed (never 0)",
        "overall score = Σ(W_d · domain_d) / Σ(W_d) over assessed domains (W_d defaults to 1)",
        "coverage = answered / applicable, per domain and overall (not applicable is excluded)",
        "level label = the name of the highest scale level ≤ the score as shown (one decimal)",
        "gap_d = max(0, target_d − domain_d); percent to target = 1 − Σ_q gap_q / Σ_q (target_q − min), "
            + "per answered question, with the domain's target unless the question sets its own",
        "delta_d = domain_d − previous_d; progress to date = (current − baseline) / (target − baseline), "
            + "the baseline being the team's first assessment",
        "reports round half away from zero to one decimal; JSON and CSV exports keep two decimals",
    ]

    /// The scores of `assessment` answered with `questionnaire`; `previous` fills the deltas.
    public static func score(
        _ assessment: Assessment, questionnaire: Questionnaire, previous: Assessment? = nil
    ) -> Scorecard {
        let previousCard = previous.map { score($0, questionnaire: questionnaire) }
        var domains: [DomainScore] = []
        var gapSum = 0.0
        var spanSum = 0.0
        let minimum = Double(questionnaire.minimumLevel)
        for domain in questionnaire.domains {
            var weighted = 0.0
            var weights = 0.0
            var answered = 0
            var notApplicable = 0
            var unanswered = 0
            let target = assessment.build.targets[domain.id]
            for question in domain.questions {
                let state = AnswerState(question: question, answer: assessment.discover.answers[question.id])
                switch state {
                case .answered(let level):
                    answered += 1
                    let weight = question.effectiveWeight
                    if weight > 0 {
                        weighted += weight * Double(level)
                        weights += weight
                    }
                    if let questionTarget = question.target ?? target {
                        gapSum += max(0, Double(questionTarget - level))
                        spanSum += max(0, Double(questionTarget) - minimum)
                    }
                case .notApplicable:
                    notApplicable += 1
                case .unanswered:
                    unanswered += 1
                }
            }
            let score = weights > 0 ? weighted / weights : nil
            let applicable = answered + unanswered
            let gap: Double? =
                if let score, let target { max(0, Double(target) - score) } else { nil }
            let before = score == nil ? nil : previousCard?.domain(domain.id)?.score
            let delta: Double? = if let score, let before { score - before } else { nil }
            domains.append(
                DomainScore(
                    id: domain.id, name: domain.name, score: score, target: target, gap: gap,
                    coverage: applicable > 0 ? Double(answered) / Double(applicable) : nil,
                    answered: answered, notApplicable: notApplicable, unanswered: unanswered, delta: delta,
                    previousScore: before))
        }

        var overallWeighted = 0.0
        var overallWeights = 0.0
        var targetWeighted = 0.0
        var targetWeights = 0.0
        for (domain, result) in zip(questionnaire.domains, domains) {
            guard let score = result.score else { continue }
            let weight = domain.effectiveWeight
            overallWeighted += weight * score
            overallWeights += weight
            if let target = result.target {
                targetWeighted += weight * Double(target)
                targetWeights += weight
            }
        }
        let answered = domains.reduce(0) { $0 + $1.answered }
        let notApplicable = domains.reduce(0) { $0 + $1.notApplicable }
        let unanswered = domains.reduce(0) { $0 + $1.unanswered }
        let applicable = answered + unanswered
        let overall = OverallScore(
            score: overallWeights > 0 ? overallWeighted / overallWeights : nil,
            target: targetWeights > 0 ? targetWeighted / targetWeights : nil,
            coverage: applicable > 0 ? Double(answered) / Double(applicable) : nil,
            answered: answered, notApplicable: notApplicable, unanswered: unanswered)
        return Scorecard(
            overall: overall,
            percentToTarget: spanSum > 0 ? 1 - gapSum / spanSum : nil,
            domains: domains)
    }

    /// (current − baseline) / (target − baseline); nil when any is missing or the target equals
    /// the baseline.
    public static func progress(current: Double?, baseline: Double?, target: Double?) -> Double? {
        guard let current, let baseline, let target, target != baseline else { return nil }
        return (current - baseline) / (target - baseline)
    }

    /// The target level a room is offered in Build: one above the level nearest to the score
    /// as shown, halves going to the lower level (1.8 → 2 → 3, 2.3 → 2 → 3, 2.5 → 2 → 3,
    /// 2.6 → 3 → 4), so that the suggestion is always at least half a level ahead; capped at the
    /// top of the scale; nil for a domain that is not assessed.
    public static func suggestedTarget(score: Double?, questionnaire: Questionnaire) -> Int? {
        guard let score else { return nil }
        let shown = Rounding.halfAwayFromZero(score, places: 1)
        let lower = shown.rounded(.down)
        let nearest = Int(shown - lower > 0.5 ? lower + 1 : lower)
        return min(max(nearest, questionnaire.minimumLevel) + 1, questionnaire.maximumLevel)
    }
}
