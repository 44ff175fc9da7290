import OpModelKit

extension Workshop {
    func deliverSteps() -> [Step] {
        [
            Step(id: "deliver/settings", phase: .deliver) { try $0.askPlanningSettings() },
            Step(id: "deliver/roadmap", phase: .deliver) { try $0.editRoadmap() },
        ]
    }

    var defaultStart: Period { assessment.period.next }

    /// The first quarter of the roadmap, as the planner will take it.
    var planningStart: Period { assessment.deliver.startPeriod ?? defaultStart }

    /// A number of quarters to plan, from 1 to 12, that does not run past ``Period/latest``.
    func checkedHorizon(_ text: String) -> Result<Int, PromptProblem> {
        guard let value = Int(text), (1...12).contains(value) else {
            return .failure(PromptProblem(message: "Type a number of quarters from 1 to 12."))
        }
        let longest = Deliver.longestHorizon(from: planningStart)
        guard value <= longest else {
            return .failure(
                PromptProblem(
                    message:
                        "A roadmap of \(value) quarters from \(planningStart) would run past \(Period.latest), the last "
                        + "quarter opmodel plans: type at most \(longest)."))
        }
        return .success(value)
    }

    func askPlanningSettings() throws -> StepResult {
        header("Planning settings")
        prompter.say(style.bold("How far ahead, and how fast, can the team move?"))
        let start = try askValue(
            "  First quarter of the roadmap", current: (assessment.deliver.startPeriod ?? defaultStart).description,
            help: "The roadmap starts in this quarter; by default the quarter after the assessment.",
            parse: { text -> Result<Period, PromptProblem> in
                guard let period = Period(text) else {
                    return .failure(PromptProblem(message: "Type a quarter as YYYY-Qn."))
                }
                return .success(period)
            })
        switch start {
        case .value(let period):
            assessment.deliver.startPeriod = period == defaultStart ? nil : period
            // A later start leaves room for fewer quarters; the next prompt shows what fits.
            assessment.deliver.horizonQuarters = assessment.deliver.horizonQuarters.map {
                min($0, Deliver.longestHorizon(from: planningStart))
            }
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        // A roadmap never runs past 9999-Q4: from a late start, fewer quarters fit (the
        // horizon was shortened to fit when the start moved).
        let fits = Deliver.longestHorizon(from: planningStart)
        let horizon = try askValue(
            "  Quarters to plan (1–\(min(12, fits)))",
            current: String(assessment.deliver.horizon(from: planningStart)),
            help: "The number of quarters the roadmap covers; steps that do not fit go to a Later backlog.",
            parse: { text -> Result<Int, PromptProblem> in checkedHorizon(text) })
        switch horizon {
        case .value(let value): assessment.deliver.horizonQuarters = value
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        let capacity = try askValue(
            "  Points of roadmap work the team can take on per quarter (1–20)",
            current: String(assessment.deliver.capacityPerQuarter ?? Deliver.defaultCapacityPerQuarter),
            help:
                "How much roadmap work the team can complete in a quarter alongside its run work. Each step (one level "
                + "of one question) has a size in points: 1 a few weeks of part-time work, 2 about a quarter of one "
                + "person, 3 a quarter of a small team; a step without a size counts 1.",
            parse: { text -> Result<Int, PromptProblem> in
                guard let value = Int(text), (1...20).contains(value) else {
                    return .failure(PromptProblem(message: "Type a number of points from 1 to 20."))
                }
                return .success(value)
            })
        switch capacity {
        case .value(let value): assessment.deliver.capacityPerQuarter = value
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        return .next
    }
}
