import OpModelKit

extension Workshop {
    func improveSteps() -> [Step] {
        [
            Step(id: "improve/kpis", phase: .improve) { try $0.askKPIActuals() },
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
        var position = 0
        while position < kpis.count {
            let (outcomeIndex, kpiIndex) = kpis[position]
            let kpi = assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex]
            prompter.sayWrapped(
                style.dim("  \(describe(kpi)) — for \"\(assessment.envision.outcomes[outcomeIndex].title)\""), indent: 4
            )
            let outcome: PromptOutcome<Double> = try askValue(
                "  \(kpi.name) now" + (kpi.unit.map { " (\($0))" } ?? ""),
                current: kpi.current.map { JSONWriter.format(number: $0) },
                help: "The latest measured value; it is compared with the interim target of the roadmap each quarter.",
                parse: { text in
                    guard let value = Self.parseNumber(text) else {
                        return .failure(PromptProblem(message: "Type a number."))
                    }
                    return .success(value)
                })
            switch outcome {
            case .value(let value):
                assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex].current = value
                try session.save()
                position += 1
            case .keep:
                position += 1
            case .result(.back):
                if position == 0 { return .back }
                position -= 1
            case .result(let result):
                return result
            }
        }
        return .next
    }

    func askCadence() throws -> StepResult {
        header("Review cadence")
        prompter.say(style.bold("How often will the team review progress against the roadmap?"))
        let outcome: PromptOutcome<String> = try askValue(
            "  Cadence (weekly, fortnightly, monthly, quarterly)",
            current: assessment.improve.reviewCadence ?? "monthly",
            help:
                "How often the owners meet to update step status and KPI actuals. Monthly suits most teams; re-assessment happens every quarter.",
            parse: { .success($0) })
        switch outcome {
        case .value(let text): assessment.improve.reviewCadence = text
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
