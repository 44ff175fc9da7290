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
            "  Steps the team can take on per quarter (1–20)",
            current: String(assessment.deliver.capacityPerQuarter ?? Deliver.defaultCapacityPerQuarter),
            help:
                "How many roadmap steps (one level of one question each) the team can complete in a quarter alongside its run work.",
            parse: { text -> Result<Int, PromptProblem> in
                guard let value = Int(text), (1...20).contains(value) else {
                    return .failure(PromptProblem(message: "Type a number of steps from 1 to 20."))
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

    func editRoadmap() throws -> StepResult {
        header("Roadmap")
        var numbered = showRoadmap()
        while true {
            let reply = prompter.ask(
                "  Command (o N owner · d N drop · u N restore · p N YYYY-Qn pin · h N · c N · Enter done)")
            switch reply {
            case .empty:
                return .next
            case .help:
                showRoadmapHelp()
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(var text):
                // Dropping a step needs a reason: asked when `d N` comes without one.
                if let missing = droppedWithoutReason(text, numbered: numbered) {
                    switch prompter.ask("  Why is \(missing) dropped? (a reason is required; Enter cancels)") {
                    case .text(let reason): text += " " + reason
                    case .stop(let reason): return .stop(reason)
                    default: continue
                    }
                }
                switch applyRoadmapCommand(text, numbered: numbered) {
                case .success(let message):
                    try session.save()
                    prompter.say(style.green("  ✓ ") + message)
                    numbered = showRoadmap()
                case .failure(let problem):
                    prompter.complain(problem.message)
                }
            }
        }
    }

    /// Prints the plan quarter by quarter and returns the steps in the numbering shown.
    @discardableResult
    func showRoadmap() -> [RoadmapStep] {
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        var numbered: [RoadmapStep] = []
        prompter.say(
            style.bold(
                "Roadmap from \(roadmap.start), \(Plural.count(roadmap.horizonQuarters, "quarter")), up to \(Plural.count(roadmap.capacityPerQuarter, "step")) a quarter"
            ))
        if roadmap.allSteps.isEmpty {
            prompter.sayWrapped(
                "  No steps: every answered question is at or above its target. Raise targets in Build to plan improvements."
            )
        }
        let domainNames = Dictionary(
            questionnaire.domains.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func line(_ step: RoadmapStep) {
            numbered.append(step)
            var details: [String] = []
            details.append(step.owner.map { "owner: \($0)" } ?? "owner: –")
            if let pin = step.pinned { details.append("pinned \(pin)") }
            if step.status != .planned { details.append(step.status.rawValue) }
            if let reason = step.backlogReason { details.append(reason) }
            if step.status == .dropped, let reason = assessment.deliver.decisions[step.id]?.reason {
                details.append("dropped: \(reason)")
            }
            let heading =
                "  " + String(numbered.count).leftPadded(to: 3) + ". " + style.bold(step.id) + " "
                + (domainNames[step.domainID] ?? step.domainID) + (step.area.map { " · \($0)" } ?? "")
                + " · \(step.fromLevel)→\(step.toLevel) " + style.dim("(\(details.joined(separator: ", ")))")
            prompter.say(heading)
            prompter.sayWrapped("       " + step.action, indent: 7)
        }
        for milestone in roadmap.milestones {
            let projected = milestone.projectedOverall.map { " · projected overall \(Formatting.score($0))" } ?? ""
            prompter.say(
                style.cyan("  \(milestone.period)")
                    + style.dim(" · \(Plural.count(milestone.steps.count, "step"))\(projected)"))
            milestone.steps.forEach(line)
        }
        if !roadmap.backlog.isEmpty {
            prompter.say(style.cyan("  Later (backlog)"))
            roadmap.backlog.forEach(line)
        }
        if !roadmap.dropped.isEmpty {
            prompter.say(style.cyan("  Dropped"))
            roadmap.dropped.forEach(line)
        }
        for conflict in roadmap.conflicts {
            prompter.say(style.yellow("  ! Conflict: ") + conflict)
        }
        return numbered
    }

    func showRoadmapHelp() {
        prompter.sayWrapped(
            """
            Commands: o N NAME sets the owner of step N (o N - clears it); d N REASON drops step N and says why; \
            u N restores a dropped step; p N 2027-Q3 pins step N to a quarter of the roadmap (p N - unpins); \
            h N sets the number of quarters; c N sets the steps per quarter; N may also be the step's id, such as OL-01@3; \
            Enter when the roadmap is agreed. Steps are ordered foundations first (lower target level), then by priority: \
            domain weight × question weight × gap, × 1.5 when the question moves a KPI chosen in Envision.
            """, indent: 2)
    }

    /// The id of the step `d N` names when the reply gives no reason; nil otherwise.
    func droppedWithoutReason(_ text: String, numbered: [RoadmapStep]) -> String? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 2, ["d", "drop"].contains(words[0].lowercased()) else { return nil }
        if let number = Int(words[1]), number >= 1, number <= numbered.count { return numbered[number - 1].id }
        return numbered.first { $0.id.lowercased() == words[1].lowercased() }?.id
    }

    func applyRoadmapCommand(_ text: String, numbered: [RoadmapStep]) -> Result<String, PromptProblem> {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let command = words.first?.lowercased() else {
            return .failure(PromptProblem(message: "Type a command."))
        }
        func step(at index: Int) -> Result<RoadmapStep, PromptProblem> {
            // The step's id works wherever its number does.
            if words.count > index, words[index].contains("@") {
                guard let found = numbered.first(where: { $0.id.lowercased() == words[index].lowercased() }) else {
                    return .failure(PromptProblem(message: "There is no step \(words[index]) in the list."))
                }
                return .success(found)
            }
            guard words.count > index, let number = Int(words[index]) else {
                return .failure(PromptProblem(message: "Give the step's number or id, as shown in the list."))
            }
            guard number >= 1, number <= numbered.count else {
                return .failure(PromptProblem(message: "There is no step \(number); the list has \(numbered.count)."))
            }
            return .success(numbered[number - 1])
        }
        func update(_ id: String, _ change: (inout StepDecision) -> Void) {
            var decision = assessment.deliver.decisions[id] ?? StepDecision()
            change(&decision)
            assessment.deliver.decisions[id] = decision.isEmpty ? nil : decision
        }
        switch command {
        case "o", "owner":
            return step(at: 1).flatMap { target in
                let owner = words.dropFirst(2).joined(separator: " ")
                guard !owner.isEmpty else {
                    return .failure(PromptProblem(message: "Type the owner after the number: o 3 Ana Silva."))
                }
                update(target.id) { $0.owner = owner == "-" ? nil : owner }
                return .success(owner == "-" ? "\(target.id) has no owner" : "\(target.id) is owned by \(owner)")
            }
        case "d", "drop":
            return step(at: 1).flatMap { target in
                let reason = words.dropFirst(2).joined(separator: " ")
                guard !reason.isEmpty else {
                    return .failure(PromptProblem(message: "Say why after the number: d 3 covered by the data team."))
                }
                update(target.id) {
                    $0.status = .dropped
                    $0.reason = reason
                }
                return .success("\(target.id) dropped: \(reason)")
            }
        case "u", "restore":
            return step(at: 1).flatMap { target in
                guard target.status == .dropped else {
                    return .failure(PromptProblem(message: "\(target.id) is not dropped."))
                }
                update(target.id) {
                    $0.status = nil
                    $0.reason = nil
                }
                return .success("\(target.id) restored")
            }
        case "p", "pin":
            return step(at: 1).flatMap { target in
                guard words.count >= 3 else {
                    return .failure(
                        PromptProblem(message: "Type the quarter after the number: p 3 2027-Q2 (p 3 - unpins)."))
                }
                if words[2] == "-" {
                    update(target.id) { $0.quarter = nil }
                    return .success("\(target.id) unpinned")
                }
                guard let period = Period(words[2]) else {
                    return .failure(PromptProblem(message: "Type the quarter as YYYY-Qn."))
                }
                // A pin lands inside the roadmap: never before it starts (nor before the assessment).
                let horizon = assessment.deliver.horizon(from: planningStart)
                let last = planningStart.advanced(by: horizon - 1) ?? Period.latest
                guard period >= planningStart, period <= last else {
                    return .failure(
                        PromptProblem(
                            message:
                                "The roadmap runs from \(planningStart) to \(last); pin to a quarter in it"
                                + (period > last ? " (h N plans more quarters)." : ".")))
                }
                update(target.id) { $0.quarter = period }
                return .success("\(target.id) pinned to \(period)")
            }
        case "h", "horizon":
            guard words.count == 2, let value = Int(words[1]), (1...12).contains(value) else {
                return .failure(PromptProblem(message: "Type h and a number of quarters from 1 to 12."))
            }
            if case .failure(let problem) = checkedHorizon(String(value)) { return .failure(problem) }
            assessment.deliver.horizonQuarters = value
            return .success("the roadmap covers \(Plural.count(value, "quarter"))")
        case "c", "capacity":
            guard words.count == 2, let value = Int(words[1]), (1...20).contains(value) else {
                return .failure(PromptProblem(message: "Type c and a number of steps from 1 to 20."))
            }
            assessment.deliver.capacityPerQuarter = value
            return .success("up to \(Plural.count(value, "step")) a quarter")
        default:
            return .failure(
                PromptProblem(
                    message:
                        "Unknown command '\(command)'. Type ? for the commands, or Enter when the roadmap is agreed."))
        }
    }
}
