import OpModelKit

extension Workshop {
    func discoverSteps() -> [Step] {
        var steps: [Step] = [Step(id: "discover/timebox", phase: .discover) { try $0.askTimebox() }]
        for domain in questionnaire.domains {
            for question in domain.questions {
                let id = question.id
                let isLast = question.id == domain.questions.last?.id
                steps.append(
                    Step(id: "discover/\(id)", phase: .discover) { workshop in
                        let started = workshop.session.clock.now()
                        let result = try workshop.askQuestion(id: id)
                        if isLast && result == .next {
                            // The run loop records this question's time after the step returns.
                            let current = workshop.session.clock.now().timeIntervalSince(started)
                            workshop.showDomainSummary(domain, plus: current)
                        }
                        return result
                    })
            }
        }
        steps.append(Step(id: "discover/review", phase: .discover) { try $0.reviewUnanswered() })
        steps.append(
            Step(id: "discover/constraints", phase: .discover) { workshop in
                try workshop.editList(
                    place: "Constraints", title: "What constrains the change?", itemName: "constraint",
                    help:
                        "Constraints are limits the roadmap must respect: budget, hiring freezes, regulation, contracts with partners, a data centre exit date, skills in short supply.",
                    items: \.discover.constraints)
            })
        steps.append(
            Step(id: "discover/upskilling", phase: .discover) { workshop in
                try workshop.editList(
                    place: "Upskilling needs", title: "Which skills must the team build?", itemName: "need",
                    help:
                        "Skills the answers showed are missing or thin: infrastructure as code, observability, FinOps, incident command, a certification path.",
                    items: \.discover.upskilling)
            })
        steps.append(Step(id: "discover/parking-lot", phase: .discover) { try $0.reviewParkingLot(review: false) })
        return steps
    }

    /// Where a question sits: its domain's position and its own position within the domain.
    func position(of questionID: String) -> (domain: Domain, domainNumber: Int, questionNumber: Int)? {
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            if let questionIndex = domain.questions.firstIndex(where: { $0.id == questionID }) {
                return (domain, domainIndex + 1, questionIndex + 1)
            }
        }
        return nil
    }

    /// A `choices` question (an imported lens): tick the choices that apply by number or id.
    func askChoices(_ question: Question) throws -> StepResult {
        let choices = question.choices ?? []
        prompter.say(style.bold(question.id) + (question.area.map { style.dim(" · \($0)") } ?? ""))
        prompter.sayWrapped(style.bold(question.text))
        let rows = choices.enumerated().map { index, choice in
            prompter.wrapped("  \(String(index + 1).leftPadded(to: 2)). \(choice.title)", indent: 6)
        }
        // On a terminal, titles that cannot all fit keep their first row (`?` lists them in full).
        let fits = rows.joined().count <= prompter.rowsLeft - 2
        for row in rows { prompter.say(lines: fits ? row : prompter.clipped(row, to: 1)) }
        let example = choices.count >= 3 ? "1 3" : "1"
        while true {
            let existing = assessment.discover.answers[question.id]
            // Last quarter's ticks are offered until this quarter has an answer of its own.
            let lastQuarter = existing == nil ? previous?.discover.answers[question.id] : nil
            let shown = (existing ?? lastQuarter).map { answer -> String in
                if answer.notApplicable { return "n/a" }
                return (answer.choices ?? []).compactMap { id in choices.firstIndex { $0.id == id }.map { "\($0 + 1)" }
                }
                .joined(separator: " ")
            }
            if let lastQuarter, let period = previous?.period {
                prompter.say(
                    style.dim("  Last quarter (\(period)): ")
                        + (lastQuarter.notApplicable
                            ? "not applicable — \(lastQuarter.note ?? "")"
                            : (lastQuarter.choices ?? []).joined(separator: ", ")))
            }
            let reply = prompter.ask(
                "  \(question.id) choices (numbers or ids, e.g. \(example)), n <reason>, s skip, ? help", default: shown
            )
            switch reply {
            case .empty:
                if existing != nil { return .next }
                if var carried = lastQuarter {
                    carried.votes = nil
                    assessment.discover.answers[question.id] = carried
                    try session.save()
                    return .next
                }
                prompter.complain(
                    "Tick at least one choice (the \"none\" choice if nothing applies), or n <reason>, or s.")
            case .help:
                prompter.say("")
                if let help = question.help { prompter.sayWrapped(style.bold("What to look at: ") + help, indent: 2) }
                for (index, choice) in choices.enumerated() {
                    prompter.sayWrapped(
                        "  \(index + 1). \(choice.id): \(choice.title)" + (choice.help.map { " — \($0)" } ?? ""),
                        indent: 6)
                }
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(let text):
                let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
                let first = words.first?.lowercased() ?? ""
                if first == "s" && words.count == 1 { return .next }
                if first == "n" || first == "n/a" {
                    let reason = words.dropFirst().joined(separator: " ")
                    guard !reason.isEmpty else {
                        prompter.complain("Say why it does not apply: n <reason>.")
                        continue
                    }
                    assessment.discover.answers[question.id] = .notApplicable(reason: reason)
                    try session.save()
                    return .next
                }
                var ticked: [String] = []
                var unknown: [String] = []
                for word in words {
                    if let number = Int(word), number >= 1, number <= choices.count {
                        ticked.append(choices[number - 1].id)
                    } else if let choice = choices.first(where: { $0.id.lowercased() == word.lowercased() }) {
                        ticked.append(choice.id)
                    } else {
                        unknown.append(word)
                    }
                }
                guard unknown.isEmpty else {
                    prompter.complain(
                        "Not a choice: \(unknown.joined(separator: ", ")). Type numbers from 1 to \(choices.count) or choice ids."
                    )
                    continue
                }
                if let none = question.noneChoice, ticked.contains(none), ticked.count > 1 {
                    prompter.complain("\"\(none)\" means none of the others apply; tick it alone.")
                    continue
                }
                var answer = Answer()
                answer.choices = choices.map(\.id).filter(ticked.contains)
                assessment.discover.answers[question.id] = answer
                try session.save()
                let level = AnswerState(question: question, answer: answer).level
                prompter.say(
                    style.dim("  → ")
                        + (level.map { "\($0) — \(questionnaire.scaleLevel($0)?.name ?? "")" } ?? "no rule matched"))
                return .next
            }
        }
    }

    /// The one-screen summary after a domain: its score so far, the items the room should
    /// discuss (votes spread by 2 or more), and the time spent on it, `current` seconds (the
    /// question on screen, not recorded yet) included.
    func showDomainSummary(_ domain: Domain, plus current: Double = 0) {
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire)
        guard let score = card.domains.first(where: { $0.id == domain.id }) else { return }
        prompter.say("")
        var line = style.bold("\(domain.name) done: ")
        line += score.score.map { "\(Formatting.score($0)) \(questionnaire.levelName(for: $0))" } ?? "not assessed"
        line += ", \(score.answered) answered, \(score.notApplicable) not applicable, \(score.unanswered) unanswered"
        let seconds = (assessment.timings["discover/\(domain.id)"] ?? 0) + min(max(current, 0), 1800)
        if let box = assessment.discover.timebox {
            let domainBox = box * Double(domain.questions.count)
            line += ", \(Formatting.duration(seconds)) of a \(Formatting.duration(domainBox)) box"
            if seconds > domainBox { line += " (\(Formatting.duration(seconds - domainBox)) over)" }
        } else if seconds >= 1 {
            line += ", \(Formatting.duration(seconds))"
        }
        prompter.sayWrapped(line)
        let flagged = domain.questions.filter { question in
            guard let votes = assessment.discover.answers[question.id]?.votes else { return false }
            return Agreement.spread(Array(votes.values)) >= Agreement.discussionSpread
        }
        if !flagged.isEmpty {
            prompter.sayWrapped(
                style.yellow("  Discussed (votes spread by 2 or more): ")
                    + flagged.map { question in
                        let answer = assessment.discover.answers[question.id]
                        return question.id + (answer?.reason.map { " (\($0))" } ?? "")
                    }.joined(separator: ", "), indent: 4)
        }
    }

    /// Stores a line of votes; when they spread by two levels or more, asks for the room's
    /// consensus (Enter takes the median). Returns nil to ask the question again.
    func recordVotes(_ votes: [Int], note: String?, questionID: String) throws -> StepResult? {
        let median = Agreement.median(votes) ?? questionnaire.minimumLevel
        let spread = Agreement.spread(votes)
        prompter.say(
            "  Votes: " + zip(assessment.participants, votes).map { "\($0.name) \($1)" }.joined(separator: ", ")
                + " · median \(median) · spread \(spread)")
        var consensus = median
        var stopped: StopReason?
        if spread >= 2 {
            prompter.say(
                style.yellow("  The room disagrees (spread \(spread)): discuss, then enter the level you settle on."))
            while true {
                let reply = prompter.ask("  Consensus level", default: String(median))
                switch reply {
                case .empty:
                    break
                case .stop(let reason):
                    stopped = reason  // keep the votes, with the median for now
                case .back, .help:
                    prompter.sayWrapped(
                        "Enter the level the room agrees on after discussing the votes; Enter takes the median.",
                        indent: 2)
                    continue
                case .text(let text):
                    guard let level = Int(text), questionnaire.levelRange.contains(level) else {
                        prompter.complain(
                            "Type a level from \(questionnaire.minimumLevel) to \(questionnaire.maximumLevel).")
                        continue
                    }
                    consensus = level
                }
                break
            }
        }
        var reason: String?
        if spread >= Agreement.discussionSpread && stopped == nil {
            switch prompter.ask("  Why did the room settle on \(consensus)? (a short reason; Enter to skip)") {
            case .text(let text): reason = text
            case .stop(let stop): stopped = stop  // the votes and the level are still saved
            case .empty, .back, .help: break
            }
        }
        var answer = assessment.discover.answers[questionID] ?? Answer()
        answer.notApplicable = false
        answer.reason = reason
        answer.level = consensus
        if let note { answer.note = note }
        answer.votes = Dictionary(
            zip(assessment.participants.map(\.id), votes).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
        assessment.discover.answers[questionID] = answer
        try session.save()
        return stopped.map { .stop($0) } ?? .next
    }

    /// The reason in a reply to "why does it not apply?": the text, without a leading `n`, `na`
    /// or `n/a` typed out of habit.
    static func reasonAfterNotApplicable(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first, ["n", "na", "n/a"].contains(first.lowercased()) else {
            return text.trimmingSpaces
        }
        return words.dropFirst().joined(separator: " ")
    }

    /// An example line of votes, one per participant, around the middle of the scale: `3 4 2`
    /// for three people on 1–5, `1 2 0 1` for four on 0–3.
    static func voteExample(count: Int, levels: ClosedRange<Int>) -> String {
        let middle = exampleLevel(levels)
        let offsets = [0, 1, -1, 0, 0, -1, 1, 0]
        return (0..<count).map { index in
            String(min(max(middle + offsets[index % offsets.count], levels.lowerBound), levels.upperBound))
        }.joined(separator: " ")
    }

    /// `3 — Defined · votes: Ana Silva 3, Ben Okafor 4 · note: runbooks exist`, the votes named
    /// by the participants of `file` (the assessment that stores the answer; this one by default).
    func describe(_ answer: Answer, in file: Assessment? = nil) -> String {
        if answer.notApplicable {
            return "not applicable — \(answer.note ?? "")"
        }
        var text = answer.level.map { "\($0) — \(questionnaire.scaleLevel($0)?.name ?? "")" } ?? "no level"
        let votes = (file ?? assessment).namedVotes(of: answer)
        if !votes.isEmpty {
            text += " · votes: " + votes.map { "\($0.name) \($0.level)" }.joined(separator: ", ")
        }
        if let note = answer.note, !note.isEmpty { text += " · note: \(note)" }
        return text
    }

    /// The short default shown in brackets: `3` or `n/a`.
    func shortDescription(_ answer: Answer) -> String {
        if answer.notApplicable { return "n/a" }
        return answer.level.map(String.init) ?? ""
    }

    /// After the last question: offer to answer the skipped ones.
    func reviewUnanswered() throws -> StepResult {
        let unanswered = questionnaire.allQuestions.filter { assessment.discover.answers[$0.id] == nil }.map(\.id)
        guard !unanswered.isEmpty else { return .next }
        header("Skipped questions")
        prompter.sayWrapped(
            "\(unanswered.count) question\(unanswered.count == 1 ? " has" : "s have") no answer: \(unanswered.joined(separator: ", "))."
        )
        while true {
            switch prompter.ask("Answer them now? (y/n)", default: "y") {
            case .empty:
                break
            case .text(let text) where text.lowercased().hasPrefix("y"):
                break
            case .text(let text) where text.lowercased().hasPrefix("n"):
                return .next
            case .text:
                prompter.complain(
                    "Type y to answer them now or n to move on; they stay unanswered and count against coverage.")
                continue
            case .help:
                prompter.sayWrapped(
                    "Unanswered questions are left out of the scores and lower the coverage. Answer them now, or move on and come back with --phase discover.",
                    indent: 2)
                continue
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            }
            break
        }
        var index = 0
        while index < unanswered.count {
            switch try askQuestion(id: unanswered[index]) {
            case .next: index += 1
            case .back: index = max(0, index - 1)
            case .stop(let reason): return .stop(reason)
            }
        }
        return .next
    }
}
