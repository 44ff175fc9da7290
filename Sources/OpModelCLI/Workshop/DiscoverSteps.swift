import OpModelKit

extension Workshop {
    func discoverSteps() -> [Step] {
        var steps: [Step] = []
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
        for (index, choice) in choices.enumerated() {
            prompter.sayWrapped("  \(String(index + 1).leftPadded(to: 2)). \(choice.title)", indent: 6)
        }
        while true {
            let existing = assessment.discover.answers[question.id]
            let shown = existing.map { answer -> String in
                if answer.notApplicable { return "n/a" }
                return (answer.choices ?? []).compactMap { id in choices.firstIndex { $0.id == id }.map { "\($0 + 1)" }
                }
                .joined(separator: " ")
            }
            let reply = prompter.ask(
                "  \(question.id) choices (numbers or ids, e.g. 1 3), n <reason>, s skip, ? help", default: shown)
            switch reply {
            case .empty:
                if existing != nil { return .next }
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
        if seconds >= 1 {
            line += ", \(Self.duration(seconds))"
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

    /// `12 min`, `1 h 05 min`, `40 s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes) min" }
        let rest = minutes % 60
        return "\(minutes / 60) h \(rest < 10 ? "0" : "")\(rest) min"
    }

    /// One Discover question: show it, read the grammar of DESIGN §6, store the answer.
    func askQuestion(id: String) throws -> StepResult {
        guard let (question, _) = questionnaire.question(id: id), let place = position(of: id) else { return .next }
        if question.effectiveKind == .choices {
            header(
                "\(place.domain.name) (domain \(place.domainNumber) of \(questionnaire.domains.count)) · "
                    + "question \(place.questionNumber) of \(place.domain.questions.count)")
            return try askChoices(question)
        }
        header(
            "\(place.domain.name) (domain \(place.domainNumber) of \(questionnaire.domains.count)) · question \(place.questionNumber) of \(place.domain.questions.count)"
        )
        showQuestion(question)
        let levels = questionnaire.levelRange
        let voters = assessment.participants.count >= 2 ? assessment.participants.count : 0
        if voters > 0 {
            prompter.say(
                style.dim("  Vote mode: one level per participant in this order: ")
                    + assessment.participants.map(\.name).joined(separator: ", "))
        }
        while true {
            // Last quarter's answer is offered until this quarter has one of its own.
            let lastQuarter = assessment.discover.answers[id] == nil ? previous?.discover.answers[id] : nil
            if let existing = assessment.discover.answers[id] {
                prompter.say(style.dim("  Current answer: ") + describe(existing))
            } else if let lastQuarter, let period = previous?.period {
                prompter.say(style.dim("  Last quarter (\(period)): ") + describe(lastQuarter, in: previous))
            }
            let reply = prompter.ask(
                "  \(id) level \(levels.lowerBound)–\(levels.upperBound), n <reason>, s skip, ? help",
                default: (assessment.discover.answers[id] ?? lastQuarter).map(shortDescription))
            switch AnswerGrammar.parse(reply, levels: levels, voters: voters) {
            case .keep:
                if assessment.discover.answers[id] == nil, var carried = lastQuarter {
                    carried.votes = nil
                    assessment.discover.answers[id] = carried
                    try session.save()
                    return .next
                }
                if assessment.discover.answers[id] == nil {
                    prompter.complain(
                        "Nothing to keep yet: type a level (\(levels.lowerBound)–\(levels.upperBound)), n <reason>, or s to skip."
                    )
                    continue
                }
                return .next
            case .skip:
                return .next
            case .help:
                showQuestionHelp(question, around: (assessment.discover.answers[id] ?? lastQuarter)?.level)
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .invalid(let message):
                prompter.complain(message)
            case .level(let level, let note):
                var answer = assessment.discover.answers[id] ?? Answer()
                if answer.notApplicable {
                    answer.notApplicable = false
                    answer.note = nil
                }
                answer.level = level
                if let note { answer.note = note }
                answer.votes = nil
                assessment.discover.answers[id] = answer
                try session.save()
                return .next
            case .votes(let votes, let note):
                if let result = try recordVotes(votes, note: note, questionID: id) { return result }
            case .notApplicable(let reason):
                var reasonText = reason
                reasonLoop: while reasonText == nil {
                    switch prompter.ask("  Why does \(id) not apply? (a reason is required; Enter cancels)") {
                    case .text(let text):
                        // "n out of scope" typed again at this prompt: the reason is what follows the n.
                        let reason = Self.reasonAfterNotApplicable(text)
                        if reason.isEmpty {
                            prompter.complain("Type the reason itself, such as \"we run no containers\".")
                            continue
                        }
                        reasonText = reason
                    case .stop(let stop):
                        return .stop(stop)
                    case .empty, .back:
                        break reasonLoop
                    case .help:
                        prompter.sayWrapped(
                            "Say why the question does not apply to this team, so that readers of the report understand the gap in coverage.",
                            indent: 2)
                    }
                }
                guard let reasonText else { continue }
                assessment.discover.answers[id] = .notApplicable(reason: reasonText)
                try session.save()
                return .next
            }
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

    func showQuestion(_ question: Question) {
        var title = style.bold(question.id)
        if let area = question.area { title += style.dim(" · \(area)") }
        if question.effectiveWeight != 1 {
            title += style.dim(" · weight \(JSONWriter.format(number: question.effectiveWeight))")
        }
        prompter.say(title)
        prompter.sayWrapped(style.bold(question.text))
        let nameWidth = questionnaire.scale.map { DisplayWidth.of($0.name) }.max() ?? 0
        for level in questionnaire.scale {
            let name = level.name + String(repeating: " ", count: max(0, nameWidth - DisplayWidth.of(level.name)))
            let descriptor = question.descriptor(for: level.level) ?? level.description ?? ""
            prompter.sayHanging("  \(level.level) \(style.bold(name))  \(descriptor)", hangingIndent: 6 + nameWidth)
        }
    }

    /// The `?` screen of a question: what to look at, the KPIs it moves, the quality criteria of
    /// the levels around `level` (the answer shown as the default; every level without one), the
    /// references to learn more, the answer grammar, and the question again.
    func showQuestionHelp(_ question: Question, around level: Int? = nil) {
        if let help = question.help {
            prompter.say("")
            prompter.sayWrapped(style.bold("What to look at: ") + help, indent: 2)
        }
        if let kpis = question.kpis, !kpis.isEmpty {
            let names = kpis.compactMap { questionnaire.kpi(id: $0)?.name }
            prompter.sayWrapped(style.dim("Moves KPIs: \(names.joined(separator: ", "))"), indent: 2)
        }
        showCriteria(question, around: level)
        if let references = question.references, !references.isEmpty {
            prompter.say("")
            prompter.say("  " + style.bold("Learn more:"))
            for reference in references {
                prompter.sayHanging("  - \(reference.title) " + style.dim(reference.url), hangingIndent: 4)
            }
        }
        prompter.say("")
        prompter.sayWrapped(
            "Answer with a level, optionally followed by a note: \"3 runbooks exist but are not tested\". A level alone keeps the existing note. "
                + "n <reason> marks the question not applicable (the reason is required). Enter keeps the answer shown, s skips, b goes back, q saves and quits."
                + (assessment.participants.count >= 2
                    ? " With \(assessment.participants.count) participants, type one level each in the order listed "
                        + "(\"\(Self.voteExample(count: assessment.participants.count, levels: questionnaire.levelRange))\") to record votes."
                    : ""),
            indent: 2)
        if let question = questionnaire.question(id: question.id)?.question {
            showQuestion(question)
        }
    }

    /// The levels whose criteria `?` shows: the one shown as the default and its neighbours, or
    /// every level of the scale when nothing is shown.
    static func criteriaLevels(around level: Int?, scale: ClosedRange<Int>) -> ClosedRange<Int> {
        guard let level, scale.contains(level) else { return scale }
        return max(scale.lowerBound, level - 1)...min(scale.upperBound, level + 1)
    }

    /// The quality criteria of the levels around `level`, one statement a line under the level's
    /// number and name, so that the room checks a claim before it is typed.
    func showCriteria(_ question: Question, around level: Int?) {
        let shown = Self.criteriaLevels(around: level, scale: questionnaire.levelRange).filter {
            !question.criteria(for: $0).isEmpty
        }
        guard let first = shown.first, let last = shown.last else { return }
        let everyLevel = questionnaire.levelRange.allSatisfy {
            shown.contains($0) || question.criteria(for: $0).isEmpty
        }
        prompter.say("")
        prompter.say(
            "  " + style.bold("Before claiming a level, check that all of its statements hold")
                + (everyLevel ? ":" : style.dim(" (levels \(first)–\(last), around the answer shown):")))
        let nameWidth = shown.compactMap { questionnaire.scaleLevel($0).map { DisplayWidth.of($0.name) } }.max() ?? 0
        for level in shown {
            let name = questionnaire.scaleLevel(level)?.name ?? ""
            let label = "  \(level) " + name + String(repeating: " ", count: max(0, nameWidth - DisplayWidth.of(name)))
            let indent = DisplayWidth.of(label) + 2
            for (index, statement) in question.criteria(for: level).enumerated() {
                let lead = index == 0 ? style.bold(label) : String(repeating: " ", count: indent - 2)
                prompter.sayHanging(lead + "  - " + statement, hangingIndent: indent + 2)
            }
        }
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

    /// An example line of votes, one per participant: `3 4 2` for three.
    static func voteExample(count: Int, levels: ClosedRange<Int>) -> String {
        let pattern = [3, 4, 2, 3, 3, 2, 4, 3]
        return (0..<count).map { index in
            String(min(max(pattern[index % pattern.count], levels.lowerBound), levels.upperBound))
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
