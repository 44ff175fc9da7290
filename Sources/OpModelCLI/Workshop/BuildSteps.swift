import OpModelKit

extension Workshop {
    func buildSteps() -> [Step] {
        var steps = questionnaire.domains.map { domain in
            let id = domain.id
            return Step(id: "build/target/\(id)", phase: .build) { try $0.askTarget(domainID: id) }
        }
        // A questionnaire may offer its own topologies, or none (then the question is not asked).
        if !questionnaire.topologyOptions.isEmpty {
            steps.append(Step(id: "build/topology", phase: .build) { try $0.askTopology() })
        }
        steps.append(Step(id: "build/end-state", phase: .build) { try $0.askEndState() })
        return steps
    }

    func askTarget(domainID: String) throws -> StepResult {
        guard let domainIndex = questionnaire.domains.firstIndex(where: { $0.id == domainID }) else { return .next }
        let domain = questionnaire.domains[domainIndex]
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire)
        guard let score = card.domain(domainID) else { return .next }
        header("Target for \(domain.name) (domain \(domainIndex + 1) of \(questionnaire.domains.count))")
        if domainIndex == 0 {
            prompter.say(style.bold("Set the target maturity of each domain for the end state."))
            prompter.say(
                style.dim("  Scale: ")
                    + questionnaire.scale.map { "\($0.level) \($0.name)" }.joined(separator: " · "))
        }
        let current =
            score.score.map { "\(Formatting.score($0)) \(questionnaire.levelName(for: $0))" } ?? "not assessed"
        prompter.say(
            "  \(style.bold(domain.name)): current \(current), \(score.answered) of \(score.answered + score.unanswered) answered"
        )
        let existing = assessment.build.targets[domainID]
        let suggestion = existing ?? ScoreCalculator.suggestedTarget(score: score.score, questionnaire: questionnaire)
        let levels = questionnaire.levelRange
        let outcome: PromptOutcome<Int?> = try askValue(
            "  Target level (\(levels.lowerBound)–\(levels.upperBound), - for none)",
            current: suggestion.map(String.init),
            help:
                "The level this domain should reach in the end state. The suggestion is one level above the level nearest today's score; a target shapes the roadmap: every question below it gets one step per level.",
            parse: { text in
                if text == "-" { return .success(nil) }
                guard let level = Int(text), levels.contains(level) else {
                    return .failure(
                        PromptProblem(
                            message:
                                "Type a level from \(levels.lowerBound) to \(levels.upperBound), or - for no target."))
                }
                return .success(level)
            })
        switch outcome {
        case .value(let level):
            assessment.build.targets[domainID] = level
        case .keep:
            assessment.build.targets[domainID] = suggestion
        case .result(let result):
            return result
        }
        if let target = assessment.build.targets[domainID], let value = score.score, Double(target) < value {
            prompter.say(style.dim("  The target is below today's score; the roadmap will plan nothing here."))
        }
        try session.save()
        return .next
    }

    func askTopology() throws -> StepResult {
        let options = questionnaire.topologyOptions
        let isCloud = questionnaire.topologies == nil
        header("Team topology")
        prompter.say(
            style.bold(
                isCloud
                    ? "How will cloud operations be organised in the end state?"
                    : "How will the teams be organised in the end state?"))
        for (index, option) in options.enumerated() {
            prompter.sayWrapped("  \(index + 1). \(style.bold(option.name)) — \(option.description)", indent: 5)
        }
        // The stored choice when this questionnaire offers it; else federated for the cloud
        // defaults, the middle option of a questionnaire's own list (the balanced one, as listed).
        let current =
            questionnaire.topologyOption(assessment.build.topology)
            ?? (isCloud ? questionnaire.topologyOption(.federated) : nil) ?? options[(options.count - 1) / 2]
        let names = options.map(\.name).joined(separator: ", ")
        let outcome: PromptOutcome<TopologyOption> = try askValue(
            "  Topology (1–\(options.count) or name)", current: current.name,
            help: isCloud
                ? "Centralized suits a small estate or a strict regulator; decentralized suits autonomous product teams with strong skills; federated is the common middle: a platform team sets guardrails and runs shared services."
                : "Choose the option that describes who builds, runs and governs the work once the targets are met: "
                    + options.map { "\($0.name): \($0.description)" }.joined(separator: "; ") + ".",
            parse: { text in
                if let number = Int(text), number >= 1, number <= options.count {
                    return .success(options[number - 1])
                }
                let lower = text.lowercased()
                if let match = options.first(where: {
                    $0.name.lowercased().hasPrefix(lower) || $0.id.lowercased().hasPrefix(lower)
                }) {
                    return .success(match)
                }
                return .failure(PromptProblem(message: "Type 1 to \(options.count), or the name: \(names)."))
            })
        switch outcome {
        case .value(let option): assessment.build.topology = Topology(rawValue: option.id)
        case .keep: assessment.build.topology = Topology(rawValue: current.id)
        case .result(let result): return result
        }
        try session.save()
        return .next
    }

    func askEndState() throws -> StepResult {
        header("End state")
        prompter.say(style.bold("Describe the end state in a sentence or two."))
        let outcome: PromptOutcome<String> = try askValue(
            "  End state", current: assessment.build.endState,
            help:
                "What operations look like when the targets are met: who does what, what is automated, how leadership sees it. It goes into the report's target operating model section.",
            parse: { .success($0) })
        switch outcome {
        case .value(let text): assessment.build.endState = text
        case .keep: break
        case .result(let result): return result
        }
        try session.save()
        return .next
    }
}
