import OpModelKit

extension Workshop {
    func improveSteps() -> [Step] {
        [
            Step(id: "improve/steps-due", phase: .improve) { try $0.askStatusOfDueSteps() },
            Step(id: "improve/kpis", phase: .improve) { try $0.askKPIActuals() },
            Step(id: "improve/parking-lot", phase: .improve) { try $0.reviewParkingLot(review: true) },
            Step(id: "improve/cadence", phase: .improve) { try $0.askCadence() },
            Step(id: "improve/next-assessment", phase: .improve) { try $0.askNextAssessment() },
            Step(id: "improve/reflections", phase: .improve) { try $0.askReflections() },
        ]
    }

    func askKPIActuals() throws -> StepResult {
        let kpis = assessment.envision.outcomes.indices.flatMap { outcome in
            assessment.envision.outcomes[outcome].kpis.indices.map { (outcome, $0) }
        }
        guard !kpis.isEmpty else { return .next }
        header("KPI actuals")
        prompter.say(style.bold("What does each KPI measure today?"))
        return try walk(kpis) { item in
            let (outcomeIndex, kpiIndex) = item
            let kpi = assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex]
            prompter.sayWrapped(
                style.dim("  \(describe(kpi)) — for \"\(assessment.envision.outcomes[outcomeIndex].title)\""), indent: 4
            )
            return try askValue(
                "  \(kpi.name) now" + (kpi.unit.map { " (\($0))" } ?? ""),
                current: kpi.current.map { JSONWriter.format(number: $0) },
                help: "The latest measured value; it is compared with the interim target of the roadmap each quarter.",
                parse: { text in
                    guard let value = Self.parseNumber(text) else {
                        return .failure(PromptProblem(message: "Type a number."))
                    }
                    return .success(value)
                })
        } store: { item, value in
            assessment.envision.outcomes[item.0].kpis[item.1].current = value
        }
    }

    /// The steps of last quarter's roadmap that were due by now, with their status as decided.
    var stepsDue: [RoadmapStep] {
        guard let previous else { return [] }
        return Reassessment.stepsDue(previous: previous, questionnaire: questionnaire, by: assessment.period)
    }

    /// Asks, for each step of last quarter's roadmap that was due by now, whether it was done.
    func askStatusOfDueSteps() throws -> StepResult {
        let due = stepsDue
        guard !due.isEmpty, let previous else { return .next }
        header("Steps due since \(previous.period)")
        prompter.say(style.bold("What happened to the steps planned up to \(assessment.period)?"))
        return try walk(due) { step in
            let recorded = assessment.deliver.decisions[step.id]?.status ?? step.status
            let evidence = StepProgress.evidence(for: step, in: assessment, questionnaire: questionnaire)
            // This quarter's answers decide the default: a level reached makes the step done.
            let status = StepProgress.suggestedStatus(recorded, evidence: evidence)
            let owner = assessment.deliver.decisions[step.id]?.owner ?? step.owner
            prompter.sayWrapped(
                "  \(style.bold(step.id)) \(step.fromLevel)→\(step.toLevel), planned for "
                    + "\(step.quarter?.description ?? "–")\(owner.map { ", owner \($0)" } ?? ""): \(step.action)",
                indent: 4)
            switch evidence {
            case .reached(let level):
                prompter.say(style.dim("  \(step.questionID) is answered \(level) this quarter: the level is reached."))
            case .notReached(let level):
                prompter.say(
                    style.dim("  \(step.questionID) is answered \(level) this quarter: not yet level \(step.toLevel)."))
            case .unknown:
                break
            }
            let outcome = try askValue(
                "  Status: d done · i in progress · n not started · x dropped",
                current: Self.statusWord(status),
                help: "Say what became of the step; done steps count as completed in the report, not started ones "
                    + "stay on the roadmap.",
                parse: Self.parseStatus)
            // Enter takes the status shown, which the answers may have changed: store it.
            if case .keep = outcome { return .value(status) }
            return outcome
        } store: { step, value in
            var decision = assessment.deliver.decisions[step.id] ?? StepDecision()
            decision.status = value
            if decision.owner == nil { decision.owner = step.owner }
            assessment.deliver.decisions[step.id] = decision
            let evidence = StepProgress.evidence(for: step, in: assessment, questionnaire: questionnaire)
            if let contradiction = StepProgress.contradiction(
                step, status: value, evidence: evidence, levelName: { questionnaire.scaleLevel($0)?.name ?? "" })
            {
                prompter.complain(contradiction.prefix(1).uppercased() + contradiction.dropFirst() + ".")
            }
        }
    }

    static func parseStatus(_ text: String) -> Result<StepStatus, PromptProblem> {
        switch text.lowercased() {
        case "d", "done": return .success(.done)
        case "i", "in progress", "in-progress": return .success(.inProgress)
        case "n", "not started", "planned": return .success(.planned)
        case "x", "dropped", "drop": return .success(.dropped)
        default:
            return .failure(PromptProblem(message: "Type d (done), i (in progress), n (not started) or x (dropped)."))
        }
    }

    static func statusWord(_ status: StepStatus) -> String {
        switch status {
        case .planned: return "not started"
        case .inProgress: return "in progress"
        case .done: return "done"
        case .dropped: return "dropped"
        }
    }

    /// Deltas per domain and KPI status against the interim targets, when there is a previous quarter.
    func showProgressSinceLastQuarter() {
        guard let previous else { return }
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire, previous: previous)
        prompter.say(style.bold("Since \(previous.period):"))
        for domain in card.domains {
            let delta = Formatting.deltaText(from: domain.previousScore, to: domain.score)
            prompter.say("  \(domain.name): \(Formatting.score(domain.score, none: "not assessed")) (\(delta))")
        }
        for kpi in KPITracking.progress(of: assessment) {
            guard let status = kpi.status, let actual = kpi.actual else { continue }
            prompter.say(
                "  \(kpi.name): \(JSONWriter.format(number: actual)) against an interim target of "
                    + "\(JSONWriter.format(number: Rounding.halfAwayFromZero(kpi.interimTarget, places: 2))): "
                    + status.rawValue)
        }
    }

    func askCadence() throws -> StepResult {
        header("Review cadence")
        showProgressSinceLastQuarter()
        prompter.say(style.bold("How often will the team review progress against the roadmap?"))
        let outcome: PromptOutcome<ReviewCadence> = try askValue(
            "  Cadence (\(ReviewCadence.list))",
            current: assessment.improve.reviewCadence ?? ReviewCadence.monthly.rawValue,
            help:
                "How often the owners meet to update step status and KPI actuals. Monthly suits most teams; re-assessment happens every quarter.",
            parse: { reply in
                ReviewCadence(reply: reply).map { .success($0) }
                    ?? .failure(PromptProblem(message: "Type one of \(ReviewCadence.list) (or its first letter)."))
            })
        switch outcome {
        case .value(let cadence): assessment.improve.reviewCadence = cadence.rawValue
        case .keep: assessment.improve.reviewCadence = assessment.improve.reviewCadence ?? "monthly"
        case .result(let result): return result
        }
        try session.save()
        return .next
    }

    func askNextAssessment() throws -> StepResult {
        header("Next assessment")
        let suggestion = assessment.improve.nextAssessment ?? assessment.period.next
        let outcome: PromptOutcome<Period> = try askValue(
            "  Next assessment (YYYY-Qn)", current: suggestion.description,
            help: "When the team assesses again; the next assessment starts from this one's answers.",
            parse: { text in
                guard let period = Period(text) else {
                    return .failure(PromptProblem(message: "Type a quarter as YYYY-Qn."))
                }
                guard period > self.assessment.period else {
                    return .failure(
                        PromptProblem(message: "The next assessment must come after \(self.assessment.period)."))
                }
                return .success(period)
            })
        switch outcome {
        case .value(let period): assessment.improve.nextAssessment = period
        case .keep: assessment.improve.nextAssessment = suggestion
        case .result(let result): return result
        }
        try session.save()
        return .next
    }

    func askReflections() throws -> StepResult {
        header("Reflections")
        prompter.say(style.bold("What did the room learn today?"))
        let outcome: PromptOutcome<String> = try askValue(
            "  Reflections", current: assessment.improve.reflections,
            help: "Anything worth remembering next quarter: surprises, disagreements, what to do differently.",
            parse: { .success($0) })
        switch outcome {
        case .value(let text): assessment.improve.reflections = text
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        return .next
    }
}
