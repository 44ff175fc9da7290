import OpModelKit

extension Workshop {
    func envisionSteps() -> [Step] {
        [
            Step(id: "envision/organization", phase: .envision) { try $0.askOrganization() },
            Step(id: "envision/facilitator", phase: .envision) { try $0.askFacilitator() },
            Step(id: "envision/participants", phase: .envision) { try $0.editParticipants() },
            Step(id: "envision/vision", phase: .envision) { try $0.askVision() },
            Step(id: "envision/drivers", phase: .envision) { workshop in
                try workshop.editList(
                    place: "Business drivers", title: "What drives the change?", itemName: "driver",
                    help:
                        "Drivers are the business reasons behind the cloud operating model: growth, cost pressure, regulation, an end-of-life data centre, customer expectations.",
                    items: \.envision.drivers)
            },
            Step(id: "envision/outcomes", phase: .envision) { try $0.editOutcomes() },
        ]
    }

    func askOrganization() throws -> StepResult {
        header("Organization")
        let outcome: PromptOutcome<String> = try askValue(
            "Organization", current: assessment.organization,
            help: "The organization (company, business unit) being assessed. Enter keeps the value shown.",
            parse: { .success($0) })
        switch outcome {
        case .value(let text):
            assessment.organization = text
            return .next
        case .keep: return .next
        case .result(let result): return result
        }
    }

    func askFacilitator() throws -> StepResult {
        header("Facilitator")
        let outcome: PromptOutcome<String> = try askValue(
            "Facilitator", current: assessment.facilitator,
            help: "Who runs this session. Enter keeps the value shown.", parse: { .success($0) })
        switch outcome {
        case .value(let text):
            assessment.facilitator = text
            return .next
        case .keep: return .next
        case .result(let result): return result
        }
    }

    func editParticipants() throws -> StepResult {
        header("Participants")
        prompter.say(style.bold("Who is in the room?"))
        prompter.sayWrapped(
            "Type one person per line as \"name, role\"; d N deletes number N; Enter on an empty line when done.")
        showParticipants()
        while true {
            switch prompter.ask("  Participant \(assessment.participants.count + 1)") {
            case .empty:
                return .next
            case .help:
                prompter.sayWrapped(
                    "Name everyone who answers for the team, with their role (for example \"Ana Silva, SRE lead\"). With two or more participants, Discover can record one vote per person.",
                    indent: 2)
                showParticipants()
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(let text):
                if let number = Self.deleteCommand(text) {
                    guard number >= 1, number <= assessment.participants.count else {
                        prompter.complain("There is no participant number \(number).")
                        continue
                    }
                    let removed = assessment.participants.remove(at: number - 1)
                    prompter.say(style.dim("  Deleted: \(removed.name)"))
                    try session.save()
                    showParticipants()
                    continue
                }
                let parts = text.split(separator: ",", maxSplits: 1).map { String($0).trimmingSpaces }
                let name = parts.first ?? text
                guard !name.isEmpty else {
                    prompter.complain("Type a name first, then a comma and the role.")
                    continue
                }
                let role = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
                assessment.participants.append(Participant(id: participantID(for: name), name: name, role: role))
                try session.save()
            }
        }
    }

    func showParticipants() {
        for (index, participant) in assessment.participants.enumerated() {
            prompter.say("  \(index + 1). \(participant.name)" + (participant.role.map { style.dim(" — \($0)") } ?? ""))
        }
    }

    /// A new participant's id: never one this file or last quarter's used for someone else.
    func participantID(for name: String) -> String {
        Participant.newID(for: name, history: assessment.participants + (previous?.participants ?? []))
    }

    func askVision() throws -> StepResult {
        header("Vision")
        prompter.say(style.bold("What must the cloud operating model achieve?"))
        let outcome: PromptOutcome<String> = try askValue(
            "Vision (one or two sentences)", current: assessment.envision.vision,
            help:
                "A shared statement of where operations should be, tied to the business: for example \"Every product team ships safely every day on a self-service platform, with cloud spend that tracks revenue.\"",
            parse: { .success($0) })
        switch outcome {
        case .value(let text):
            assessment.envision.vision = text
            return .next
        case .keep: return .next
        case .result(let result): return result
        }
    }

    // MARK: - Outcomes and KPIs

    func editOutcomes() throws -> StepResult {
        header("Outcomes and KPIs")
        prompter.say(style.bold("Which business outcomes must the change deliver?"))
        prompter.sayWrapped(
            "Type an outcome to add it (its KPIs come next); k N adds KPIs to outcome N; d N deletes it; Enter on an empty line when done."
        )
        showOutcomes()
        while true {
            switch prompter.ask("  Outcome \(assessment.envision.outcomes.count + 1)") {
            case .empty:
                return .next
            case .help:
                prompter.sayWrapped(
                    "An outcome is a result the business can see, such as \"Customers no longer notice releases\" or \"Cloud cost per transaction falls by a third\". Each outcome is measured by KPIs with a baseline, a target and a due quarter; the roadmap shows interim targets quarter by quarter.",
                    indent: 2)
                showOutcomes()
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(let text):
                let words = text.split(separator: " ")
                if words.count == 2, words[0].lowercased() == "k", let number = Int(words[1]) {
                    guard number >= 1, number <= assessment.envision.outcomes.count else {
                        prompter.complain("There is no outcome number \(number).")
                        continue
                    }
                    if let stop = try editKPIs(outcomeIndex: number - 1) { return .stop(stop) }
                    showOutcomes()
                    continue
                }
                if let number = Self.deleteCommand(text) {
                    guard number >= 1, number <= assessment.envision.outcomes.count else {
                        prompter.complain("There is no outcome number \(number).")
                        continue
                    }
                    let removed = assessment.envision.outcomes.remove(at: number - 1)
                    prompter.say(style.dim("  Deleted: \(removed.title)"))
                    try session.save()
                    showOutcomes()
                    continue
                }
                assessment.envision.outcomes.append(Outcome(id: nextOutcomeID(), title: text))
                try session.save()
                if let stop = try editKPIs(outcomeIndex: assessment.envision.outcomes.count - 1) { return .stop(stop) }
                showOutcomes()
            }
        }
    }

    func showOutcomes() {
        for (index, outcome) in assessment.envision.outcomes.enumerated() {
            prompter.sayWrapped("  \(index + 1). \(outcome.title)", indent: 5)
            for kpi in outcome.kpis {
                prompter.sayWrapped(style.dim("       KPI: \(describe(kpi))"), indent: 12)
            }
        }
    }

    func describe(_ kpi: OutcomeKPI) -> String {
        let unit = kpi.unit.map { " \($0)" } ?? ""
        let baseline = kpi.baseline.map { JSONWriter.format(number: $0) } ?? "?"
        let target = kpi.target.map { JSONWriter.format(number: $0) } ?? "?"
        return "\(kpi.name): \(baseline) → \(target)\(unit)" + (kpi.due.map { " by \($0)" } ?? "")
    }

    func nextOutcomeID() -> String {
        let used = Set(assessment.envision.outcomes.map(\.id))
        var number = assessment.envision.outcomes.count + 1
        while used.contains("o\(number)") { number += 1 }
        return "o\(number)"
    }

    /// The KPI loop of one outcome; returns a stop reason if the session ends inside it.
    func editKPIs(outcomeIndex: Int) throws -> StopReason? {
        let title = assessment.envision.outcomes[outcomeIndex].title
        prompter.say("")
        prompter.sayWrapped(
            "  KPIs for \"\(title)\": type a number from the library below, or a name to define your own; Enter when done.",
            indent: 2)
        // On a terminal the library is shown a screen at a time: ? shows the next part.
        let library = Pager(lines: kpiLibraryLines(), more: "? shows more of the library")
        library.showNext(on: prompter)
        while true {
            switch prompter.ask("    KPI") {
            case .empty:
                return nil
            case .help:
                library.showNext(on: prompter)
            case .back:
                return nil
            case .stop(let reason):
                return reason
            case .text(let text):
                var kpi: OutcomeKPI
                if let number = Int(text) {
                    guard number >= 1, number <= questionnaire.kpis.count else {
                        prompter.complain(
                            "The library has KPIs 1 to \(questionnaire.kpis.count); type one of those numbers or a name."
                        )
                        continue
                    }
                    let definition = questionnaire.kpis[number - 1]
                    kpi = OutcomeKPI(
                        id: definition.id, name: definition.name, unit: definition.unit, direction: definition.direction
                    )
                } else {
                    let id = Workspace.slug(for: text)
                    if let definition = questionnaire.kpis.first(where: {
                        $0.name.lowercased() == text.lowercased() || $0.id == text
                    }) {
                        kpi = OutcomeKPI(
                            id: definition.id, name: definition.name, unit: definition.unit,
                            direction: definition.direction)
                    } else {
                        kpi = OutcomeKPI(id: id, name: text)
                    }
                }
                if assessment.envision.outcomes[outcomeIndex].kpis.contains(where: { $0.id == kpi.id }) {
                    prompter.complain("\(kpi.name) is already linked to this outcome.")
                    continue
                }
                assessment.envision.outcomes[outcomeIndex].kpis.append(kpi)
                try session.save()
                let kpiIndex = assessment.envision.outcomes[outcomeIndex].kpis.count - 1
                if let stop = try askKPIDetails(outcomeIndex: outcomeIndex, kpiIndex: kpiIndex) { return stop }
                prompter.say(
                    style.dim("    Linked: \(describe(assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex]))"))
            }
        }
    }

    /// The questionnaire's KPIs by category, one a line, numbered as the prompt takes them.
    func kpiLibraryLines() -> [String] {
        guard !questionnaire.kpis.isEmpty else {
            return [style.dim("    (this questionnaire has no KPI library; type KPI names)")]
        }
        var lines: [String] = []
        for category in KPICategory.allCases {
            let members = questionnaire.kpis.enumerated().filter { $0.element.category == category }
            guard !members.isEmpty else { continue }
            lines.append(style.dim("    \(category.rawValue)"))
            for (index, kpi) in members {
                let direction = kpi.direction == .higher ? "higher is better" : "lower is better"
                lines.append(
                    "    " + String(index + 1).leftPadded(to: 3) + ". \(kpi.name) "
                        + style.dim("(\(kpi.unit), \(direction))"))
            }
        }
        return lines
    }

    /// Unit and direction (for a KPI typed in), baseline, target, due quarter.
    func askKPIDetails(outcomeIndex: Int, kpiIndex: Int) throws -> StopReason? {
        func current() -> OutcomeKPI { assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex] }
        func update(_ change: (inout OutcomeKPI) -> Void) throws {
            change(&assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex])
            try session.save()
        }
        if current().unit == nil {
            switch prompter.ask("      Unit (e.g. minutes, percent)") {
            case .text(let unit): try update { $0.unit = unit }
            case .stop(let reason): return reason
            default: break
            }
        }
        if current().direction == nil {
            while true {
                let reply = prompter.ask("      Better when higher or lower? (h/l)")
                if case .stop(let reason) = reply { return reason }
                guard case .text(let text) = reply else { break }
                if text.lowercased().hasPrefix("h") {
                    try update { $0.direction = .higher }
                    break
                }
                if text.lowercased().hasPrefix("l") {
                    try update { $0.direction = .lower }
                    break
                }
                prompter.complain("Type h for higher is better, l for lower is better.")
            }
        }
        let unit = current().unit.map { " (\($0))" } ?? ""
        for (label, keyPath) in [("Baseline today", \OutcomeKPI.baseline), ("Target", \OutcomeKPI.target)] {
            if keyPath == \OutcomeKPI.target { showBenchmarks(of: current()) }
            while true {
                let reply = prompter.ask(
                    "      \(label)\(unit)", default: current()[keyPath: keyPath].map { JSONWriter.format(number: $0) })
                if case .stop(let reason) = reply { return reason }
                guard case .text(let text) = reply else { break }
                guard let value = Self.parseNumber(text) else {
                    prompter.complain("Type a number, such as 240 or 99.9 (Enter to leave it open).")
                    continue
                }
                // What the value means: its unit, and for the target its direction from the baseline.
                if let problem = KPIValueRules.problem(value: value, unit: current().unit)
                    ?? (keyPath == \OutcomeKPI.target
                        ? KPIValueRules.problem(
                            target: value, baseline: current().baseline, direction: current().direction)
                        : nil)
                {
                    prompter.complain(problem.prefix(1).uppercased() + problem.dropFirst() + ".")
                    continue
                }
                try update { $0[keyPath: keyPath] = value }
                break
            }
        }
        let suggestedDue = current().due ?? assessment.period.advanced(by: 4) ?? assessment.period
        while true {
            let reply = prompter.ask("      Due quarter", default: suggestedDue.description)
            if case .stop(let reason) = reply { return reason }
            guard case .text(let text) = reply else {
                try update { $0.due = suggestedDue }
                break
            }
            guard let due = Period(text) else {
                prompter.complain("Type a quarter as YYYY-Qn, such as \(suggestedDue).")
                continue
            }
            if due <= assessment.period {
                prompter.complain("The due quarter must come after the assessment period (\(assessment.period)).")
                continue
            }
            try update { $0.due = due }
            break
        }
        if current().current == nil, let baseline = current().baseline {
            try update { $0.current = baseline }
        }
        return nil
    }
}

extension Workshop {
    /// The public ranges of a library KPI, before the room sets its target: `Benchmarks
    /// (deploys per week): Elite at least 7 · High 1–7 · …; the baseline is in High` (the first
    /// range that holds it, as ranges share their bounds). Nothing for a KPI typed in, or one
    /// whose unit the room changed (the ranges would be in another unit).
    func showBenchmarks(of kpi: OutcomeKPI) {
        guard let definition = questionnaire.kpi(id: kpi.id), let benchmarks = definition.benchmarks,
            !benchmarks.isEmpty, kpi.unit == nil || kpi.unit == definition.unit
        else { return }
        var text = benchmarks.map { "\($0.label) \($0.rangeText)" }.joined(separator: " · ")
        if let baseline = kpi.baseline, let range = benchmarks.first(where: { $0.contains(baseline) }) {
            text += "; the baseline is in \(range.label)"
        }
        prompter.sayWrapped(style.dim("      Benchmarks (\(definition.unit)): ") + text, indent: 8)
    }
}

extension String {
    /// The text padded with spaces on the left to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
