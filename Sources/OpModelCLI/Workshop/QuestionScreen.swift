import Foundation
import OpModelKit

/// The screen of one Discover question. On a terminal it fits the terminal's height: the level
/// descriptors are shortened when they cannot all fit above the prompt (the screen says so, and
/// `?` shows them in full, a screen at a time, after the help). Piped input gets every line.
extension Workshop {
    /// One Discover question: show it, read the grammar of DESIGN §6, store the answer; the time
    /// the room spends on it is kept (`question/<id>` in the timings) and, with a time box on a
    /// terminal, shown.
    func askQuestion(id: String) throws -> StepResult {
        currentQuestionID = id
        defer { currentQuestionID = nil }
        let started = session.clock.now()
        let result = try askQuestionOnScreen(id: id, started: started)
        let spent = recordQuestionTime(id, since: started)
        if result == .next, prompter.fitsScreens, let box = assessment.discover.timebox, spent > box {
            prompter.say(
                style.dim("  ⏱ \(id) took \(Formatting.duration(spent)), over its \(Formatting.duration(box)) box."))
        }
        return result
    }

    /// Adds the time since `start` to the question's timing (at most half an hour a visit: the
    /// room was on a break) and returns it.
    @discardableResult
    func recordQuestionTime(_ id: String, since start: Date) -> Double {
        let elapsed = min(max(session.clock.now().timeIntervalSince(start), 0), 1800)
        guard elapsed > 0 else { return 0 }
        let key = "question/\(id)"
        assessment.timings[key] = Rounding.halfAwayFromZero((assessment.timings[key] ?? 0) + elapsed, places: 1)
        return elapsed
    }

    func askQuestionOnScreen(id: String, started: Date) throws -> StepResult {
        guard let (question, _) = questionnaire.question(id: id), let place = position(of: id) else { return .next }
        header(
            "\(place.domain.name) (domain \(place.domainNumber) of \(questionnaire.domains.count)) · question \(place.questionNumber) of \(place.domain.questions.count)",
            compact:
                "\(place.domain.name) (\(place.domainNumber)/\(questionnaire.domains.count)) · "
                + "question \(place.questionNumber)/\(place.domain.questions.count)")
        writeFacilitatorNotes(question, place: place)
        if let line = timeboxLine(domain: place.domain) { prompter.say(line) }
        if question.effectiveKind == .choices {
            return try askChoices(question)
        }
        let levels = questionnaire.levelRange
        let voters = assessment.participants.count >= 2 ? assessment.participants.count : 0
        // On a terminal the shorter form leaves a row for the descriptors.
        let voteLine =
            voters > 0
            ? style.dim(
                prompter.fitsScreens
                    ? "  Vote mode, one level each: " : "  Vote mode: one level per participant in this order: ")
                + assessment.participants.map(\.name).joined(separator: ", ") : nil
        // Last quarter's answer is offered until this quarter has one of its own.
        func lastQuarter() -> Answer? {
            assessment.discover.answers[id] == nil ? previous?.discover.answers[id] : nil
        }
        func answerLines() -> [String] {
            if let existing = assessment.discover.answers[id] {
                return prompter.clipped(
                    prompter.wrapped(style.dim("  Current answer: ") + describe(existing), indent: 4), to: 2)
            }
            if let lastQuarter = lastQuarter(), let period = previous?.period {
                return prompter.clipped(
                    prompter.wrapped(
                        style.dim("  Last quarter (\(period)): ") + describe(lastQuarter, in: previous), indent: 4),
                    to: 2)
            }
            return []
        }
        let reserve = (voteLine.map { prompter.wrapped($0, indent: 4).count } ?? 0) + answerLines().count
        showQuestion(question, reserve: reserve)
        if let voteLine { prompter.sayWrapped(voteLine, indent: 4) }
        var help: Pager?
        var notes: Pager?
        var toldOverBox = false
        while true {
            if !toldOverBox, let note = overBoxNote(id: id, since: started) {
                prompter.say(note)
                toldOverBox = true
            }
            prompter.say(lines: answerLines())
            let reply = prompter.ask(
                "  \(id) level \(levels.lowerBound)–\(levels.upperBound), n <reason>, s skip, ? help",
                default: (assessment.discover.answers[id] ?? lastQuarter()).map(shortDescription))
            switch AnswerGrammar.parse(reply, levels: levels, voters: voters) {
            case .keep:
                if assessment.discover.answers[id] == nil, var carried = lastQuarter() {
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
                let around = (assessment.discover.answers[id] ?? lastQuarter())?.level
                if !prompter.fitsScreens {
                    showQuestionHelp(question, around: around)
                    continue
                }
                let pager =
                    help
                    ?? Pager(
                        lines: questionHelpLines(question, around: around) + [
                            "", "  " + style.bold("The levels of \(id) in full:"),
                        ] + levelRows(question).flatMap { $0 }, more: "? shows more help and the levels in full")
                help = pager
                pager.showNext(on: prompter, reserve: answerLines().count)
            case .facilitatorNotes:
                let pager = notes ?? Pager(lines: facilitatorPage(question), more: "?? shows the rest of the notes")
                notes = pager
                pager.showNext(on: prompter, reserve: answerLines().count)
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

    // MARK: - Time boxes

    /// `⏱ Operations 6 min of 12 min · a question's box 3 min`, on a terminal with a time box: the
    /// time the domain has had (its questions so far) against its box (the question box times its
    /// questions).
    func timeboxLine(domain: Domain) -> String? {
        guard prompter.fitsScreens, let box = assessment.discover.timebox else { return nil }
        let spent = assessment.timings["discover/\(domain.id)"] ?? 0
        let domainBox = box * Double(domain.questions.count)
        let text =
            "  ⏱ \(domain.name) \(Formatting.duration(spent)) of \(Formatting.duration(domainBox))"
            + " · a question's box \(Formatting.duration(box))"
        guard spent > domainBox else { return style.dim(text) }
        return style.dim(text) + style.yellow(" · over the domain's box: keep the discussion short")
    }

    /// Said once, when the room asks for help or types something that is not an answer after the
    /// question's box has run out: how long it has been, and the ways on.
    func overBoxNote(id: String, since started: Date) -> String? {
        guard prompter.fitsScreens, let box = assessment.discover.timebox else { return nil }
        let spent = session.clock.now().timeIntervalSince(started)
        guard spent > box else { return nil }
        return style.dim(
            "  ⏱ \(Formatting.duration(spent)) on \(id), past its \(Formatting.duration(box)) box: "
                + "settle on a level, park the rest (! text), or s to skip.")
    }

    // MARK: - The question and its help

    /// The rows of each level's descriptor, as the question shows them.
    func levelRows(_ question: Question) -> [[String]] {
        let nameWidth = questionnaire.scale.map { DisplayWidth.of($0.name) }.max() ?? 0
        return questionnaire.scale.map { level in
            let name = level.name + String(repeating: " ", count: max(0, nameWidth - DisplayWidth.of(level.name)))
            let descriptor = question.descriptor(for: level.level) ?? level.description ?? ""
            return prompter.hanging("  \(level.level) \(style.bold(name))  \(descriptor)", hangingIndent: 6 + nameWidth)
        }
    }

    /// Shows the question: its id, area and weight, its text and the level descriptors. On a
    /// terminal, descriptors that cannot all fit above the `reserve` rows still to come and the
    /// prompt are shortened to the same number of rows each, and the screen says that `?` shows
    /// them in full.
    func showQuestion(_ question: Question, reserve: Int = 0) {
        var title = style.bold(question.id)
        if let area = question.area { title += style.dim(" · \(area)") }
        if question.effectiveWeight != 1 {
            title += style.dim(" · weight \(Formatting.trimmed(question.effectiveWeight))")
        }
        prompter.say(title)
        prompter.sayWrapped(style.bold(question.text))
        let levels = levelRows(question)
        let needed = levels.joined().reduce(0) { $0 + prompter.rows(of: $1) }
        let budget = prompter.rowsLeft - reserve
        guard prompter.fitsScreens, needed > budget else {
            levels.forEach { prompter.say(lines: $0) }
            return
        }
        // One row for the line that says so; every level keeps at least its first row.
        let space = budget - 1
        var each = levels.map(\.count).max() ?? 1
        while each > 1 && levels.reduce(0, { $0 + min($1.count, each) }) > space { each -= 1 }
        for rows in levels { prompter.say(lines: prompter.clipped(rows, to: each)) }
        prompter.say(style.dim("  (shortened to fit the screen: ? shows the levels in full)"))
    }

    /// The `?` screen of a question for piped input: the help, then the question again.
    func showQuestionHelp(_ question: Question, around level: Int? = nil) {
        prompter.say(lines: questionHelpLines(question, around: level))
        if let question = questionnaire.question(id: question.id)?.question {
            showQuestion(question)
        }
    }

    /// What `?` shows at a question: what to look at, the KPIs it moves, the quality criteria of
    /// the levels around `level` (the answer shown as the default; every level without one), the
    /// references to learn more, and the answer grammar with examples on this questionnaire's
    /// scale and for the people in the room.
    func questionHelpLines(_ question: Question, around level: Int?) -> [String] {
        var lines: [String] = []
        if let help = question.help {
            lines.append("")
            lines += prompter.wrapped(style.bold("What to look at: ") + help, indent: 2)
        }
        if let kpis = question.kpis, !kpis.isEmpty {
            let names = kpis.compactMap { questionnaire.kpi(id: $0)?.name }
            lines += prompter.wrapped(style.dim("Moves KPIs: \(names.joined(separator: ", "))"), indent: 2)
        }
        lines += criteriaLines(question, around: level)
        if let references = question.references, !references.isEmpty {
            lines.append("")
            lines.append("  " + style.bold("Learn more:"))
            for reference in references {
                lines += prompter.hanging("  - \(reference.title) " + style.dim(reference.url), hangingIndent: 4)
            }
        }
        lines.append("")
        let range = questionnaire.levelRange
        let example = Self.exampleLevel(range)
        let participants = assessment.participants.count
        lines += prompter.wrapped(
            "Answer with a level from \(range.lowerBound) to \(range.upperBound), optionally followed by a note: "
                + "\"\(example) runbooks exist but are not tested\". A level alone keeps the existing note. "
                + "n <reason> marks the question not applicable (the reason is required). Enter keeps the answer shown, s skips, b goes back, q saves and quits. "
                + "! text parks an item for later (! Name: text says who raised it)."
                + (participants >= 2
                    ? " With \(participants) participants, type one level each in the order listed "
                        + "(\"\(Self.voteExample(count: participants, levels: range))\") to record votes."
                    : ""),
            indent: 2)
        return lines
    }

    /// A level in the middle of the scale, for examples: 3 on 1–5, 1 on 0–3.
    static func exampleLevel(_ levels: ClosedRange<Int>) -> Int {
        levels.lowerBound + (levels.upperBound - levels.lowerBound) / 2
    }

    /// The levels whose criteria `?` shows: the one shown as the default and its neighbours, or
    /// every level of the scale when nothing is shown.
    static func criteriaLevels(around level: Int?, scale: ClosedRange<Int>) -> ClosedRange<Int> {
        guard let level, scale.contains(level) else { return scale }
        return max(scale.lowerBound, level - 1)...min(scale.upperBound, level + 1)
    }

    /// The quality criteria of the levels around `level`, one statement a line under the level's
    /// number and name, so that the room checks a claim before it is typed.
    func criteriaLines(_ question: Question, around level: Int?) -> [String] {
        let shown = Self.criteriaLevels(around: level, scale: questionnaire.levelRange).filter {
            !question.criteria(for: $0).isEmpty
        }
        guard let first = shown.first, let last = shown.last else { return [] }
        let everyLevel = questionnaire.levelRange.allSatisfy {
            shown.contains($0) || question.criteria(for: $0).isEmpty
        }
        var lines = [
            "",
            "  " + style.bold("Before claiming a level, check that all of its statements hold")
                + (everyLevel ? ":" : style.dim(" (levels \(first)–\(last), around the answer shown):")),
        ]
        let nameWidth = shown.compactMap { questionnaire.scaleLevel($0).map { DisplayWidth.of($0.name) } }.max() ?? 0
        for level in shown {
            let name = questionnaire.scaleLevel(level)?.name ?? ""
            let label = "  \(level) " + name + String(repeating: " ", count: max(0, nameWidth - DisplayWidth.of(name)))
            let indent = DisplayWidth.of(label) + 2
            for (index, statement) in question.criteria(for: level).enumerated() {
                let lead = index == 0 ? style.bold(label) : String(repeating: " ", count: indent - 2)
                lines += prompter.hanging(lead + "  - " + statement, hangingIndent: indent + 2)
            }
        }
        return lines
    }
}
