import OpModelKit

extension Workshop {
    func buildSteps() -> [Step] {
        var steps = questionnaire.domains.map { domain in
            let id = domain.id
            return Step(id: "build/target/\(id)", phase: .build) { try $0.askTarget(domainID: id) }
        }
        steps.append(Step(id: "build/topology", phase: .build) { try $0.askTopology() })
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
            score.score.map { "\(Rounding.text($0)) \(questionnaire.levelName(for: $0))" } ?? "not assessed"
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
                "The level this domain should reach in the end state. The suggestion is one level above today's score; a target shapes the roadmap: every question below it gets one step per level.",
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
        header("Team topology")
        prompter.say(style.bold("How will cloud operations be organised in the end state?"))
        for (index, topology) in Topology.allCases.enumerated() {
            prompter.sayWrapped("  \(index + 1). \(style.bold(topology.rawValue)) — \(topology.explanation)", indent: 5)
        }
        let current = assessment.build.topology ?? .federated
        let outcome: PromptOutcome<Topology> = try askValue(
            "  Topology (1–3 or name)", current: current.rawValue,
            help:
                "Centralized suits a small estate or a strict regulator; decentralized suits autonomous product teams with strong skills; federated is the common middle: a platform team sets guardrails and runs shared services.",
            parse: { text in
                if let number = Int(text), number >= 1, number <= Topology.allCases.count {
                    return .success(Topology.allCases[number - 1])
                }
                if let match = Topology.allCases.first(where: { $0.rawValue.hasPrefix(text.lowercased()) }) {
                    return .success(match)
                }
                return .failure(
                    PromptProblem(message: "Type 1, 2 or 3, or the name: centralized, decentralized, federated."))
            })
        switch outcome {
        case .value(let topology): assessment.build.topology = topology
        case .keep: assessment.build.topology = current
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
