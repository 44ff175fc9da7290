import Foundation
import OpModelKit

/// The interactive workshop: the five phases as a list of steps the room walks through, with
/// `b` to go back, autosave after every answer, and a cursor in the file so that a stopped
/// session resumes where it stopped.
final class Workshop {
    /// One screen of the workshop.
    struct Step {
        /// `phase/name`, stored as the assessment's cursor.
        var id: String
        var phase: Phase
        var run: (Workshop) throws -> StepResult
    }

    /// How a step ended.
    enum StepResult: Equatable {
        case next
        case back
        case stop(StopReason)
    }

    /// How the whole run ended.
    enum RunOutcome: Equatable {
        case completed
        case stopped(StopReason)
    }

    let session: WorkshopSession
    let questionnaire: Questionnaire
    let prompter: Prompter
    var assessment: Assessment {
        get { session.assessment }
        set { session.assessment = newValue }
    }
    var style: TextStyle { prompter.style }
    /// The phase of the step on screen.
    var currentPhase: Phase = .envision
    /// The team's previous assessment: its answers are offered at each question, and Improve
    /// asks for the status of its steps that were due.
    var previous: Assessment?

    init(session: WorkshopSession, questionnaire: Questionnaire, prompter: Prompter) {
        self.session = session
        self.questionnaire = questionnaire
        self.prompter = prompter
    }

    /// A respondent answers Discover alone, before the workshop (`assess --respondent`).
    var respondentMode = false
    /// Whether `--timebox` set the question time box (then the start of Discover does not ask).
    var timeboxGiven = false
    /// Whether each question's notes for the facilitator go to standard error
    /// (`--facilitator-notes`).
    var facilitatorNotes = false
    /// The Discover question on screen, for the parking lot; nil elsewhere.
    var currentQuestionID: String?
    /// Deliver's step numbers: given once, in the order of the first plan shown, and never
    /// changed during the session, whatever is dropped, pinned or restored.
    var stepNumbers: [String: Int] = [:]
    /// Deliver's edits, newest last, for `undo`.
    var roadmapEdits: [RoadmapEdit] = []
    /// The part of the roadmap on screen in Deliver.
    var roadmapPage: RoadmapPage = .overview
    /// `all` (or `later`) shows its steps a screen at a time; the same word again shows the next
    /// screen. Any other command starts over.
    var roadmapPager: (command: String, pager: Pager)?

    /// Every step of the five phases, in order; only Discover's for a respondent.
    lazy var steps: [Step] =
        respondentMode
        ? discoverSteps() : envisionSteps() + discoverSteps() + buildSteps() + deliverSteps() + improveSteps()

    /// Runs from the saved position to the end, or only `phase` when revisiting one.
    func run(only phase: Phase? = nil) throws -> RunOutcome {
        let selected = phase.map { chosen in steps.filter { $0.phase == chosen } } ?? steps
        guard !selected.isEmpty else { return .completed }
        var index = 0
        if phase == nil {
            index = startIndex(in: selected)
        }
        let revisiting = phase != nil
        let savedPhase = assessment.phase
        var shownPhase: Phase?
        prompter.parkingLot = { [unowned self] text in self.park(text) }
        defer { prompter.parkingLot = nil }
        while index < selected.count {
            let step = selected[index]
            currentPhase = step.phase
            if shownPhase != step.phase {
                if !revisiting, assessment.phase != step.phase {
                    assessment.phase = step.phase
                }
                showPhaseBanner(step.phase)
                shownPhase = step.phase
            }
            if !revisiting {
                assessment.cursor = step.id
            }
            try session.save()
            let started = session.clock.now()
            let result = try step.run(self)
            recordTime(since: started, step: step)
            switch result {
            case .next:
                index += 1
            case .back:
                if index > 0 {
                    index -= 1
                    if selected[index].phase != step.phase { shownPhase = nil }
                } else {
                    prompter.complain(
                        revisiting
                            ? "This is the first step of \(step.phase.title)."
                            : "This is the first step of the workshop.")
                }
            case .stop(let reason):
                if revisiting {
                    assessment.phase = savedPhase
                }
                try session.save()
                return .stopped(reason)
            }
        }
        if revisiting {
            assessment.phase = savedPhase
        } else {
            assessment.phase = .complete
            assessment.cursor = nil
        }
        try session.save()
        return .completed
    }

    /// Adds the time spent on `step` to its phase, or to its domain in Discover; a step left open
    /// for more than half an hour counts as half an hour (the room was on a break).
    func recordTime(since start: Date, step: Step) {
        let elapsed = min(max(session.clock.now().timeIntervalSince(start), 0), 1800)
        guard elapsed > 0 else { return }
        var key = step.phase.rawValue
        if step.phase == .discover, let found = questionnaire.question(id: String(step.id.dropFirst("discover/".count)))
        {
            key = "discover/\(questionnaire.domains[found.domainIndex].id)"
        }
        // Tenths of a second are plenty for planning a session and keep the file tidy.
        assessment.timings[key] = ((assessment.timings[key] ?? 0) + elapsed).roundedToTenths
    }

    /// Where a resumed session starts: the saved cursor, else the first step of the saved phase
    /// (in Discover, the first unanswered question).
    func startIndex(in steps: [Step]) -> Int {
        if let cursor = assessment.cursor, let index = steps.firstIndex(where: { $0.id == cursor }) {
            return index
        }
        if assessment.phase == .discover {
            for (index, step) in steps.enumerated() where step.phase == .discover {
                let id = String(step.id.dropFirst("discover/".count))
                if questionnaire.question(id: id) != nil, assessment.discover.answers[id] == nil {
                    return index
                }
            }
        }
        return steps.firstIndex { $0.phase == assessment.phase } ?? 0
    }

    // MARK: - Screens

    static let phaseDescriptions: [Phase: String] = [
        .envision: "Articulate the business outcomes the change must deliver and link each to KPIs.",
        .discover: "Benchmark current maturity question by question; name constraints and upskilling needs.",
        .build: "Set the target maturity per domain, the team topology and the end state.",
        .deliver: "Turn the gap into a phased roadmap; assign owners, drop or pin steps.",
        .improve: "Decide how progress is measured: KPI actuals, review cadence, the next assessment.",
    ]

    func showPhaseBanner(_ phase: Phase) {
        let title = " Phase \(phase.number) of 5 · \(phase.title) "
        let rule = String(repeating: "━", count: max(4, min(prompter.width, 72) - DisplayWidth.of(title) - 4))
        prompter.say("")
        prompter.say(style.cyan("━━━━" + style.bold(title) + rule))
        if let description = Self.phaseDescriptions[phase] {
            prompter.sayWrapped(description)
        }
    }

    /// The line at the top of every screen: phase, place within it, overall progress. On a
    /// terminal too narrow for it, a shorter form (`compact` for the place) that keeps the same
    /// facts on one row.
    func header(_ place: String, compact: String? = nil) {
        let phase = currentPhase
        let answered = answeredCount
        let total = questionnaire.allQuestions.count
        let fraction = total > 0 ? Double(answered) / Double(total) : 0
        let bar = Formatting.progressBar(fraction)
        prompter.say("")
        let full =
            style.dim("Phase \(phase.number) of 5 · \(phase.title) · ") + place
            + style.dim(" · \(bar) \(answered)/\(total) answered (\(Formatting.percent(fraction)))")
        if prompter.fitsScreens, DisplayWidth.of(full) <= prompter.columns {
            prompter.say(full)
            return
        }
        if prompter.fitsScreens {
            let short =
                style.dim("\(phase.title) (\(phase.number)/5) · ") + (compact ?? place)
                + style.dim(" · \(Formatting.progressBar(fraction, width: 5)) \(answered)/\(total)")
            if DisplayWidth.of(short) <= prompter.columns {
                prompter.say(short)
                return
            }
        }
        prompter.sayHanging(full, hangingIndent: 2)
    }

    /// Questions with an answer or marked not applicable.
    var answeredCount: Int {
        questionnaire.allQuestions.filter { assessment.discover.answers[$0.id] != nil }.count
    }

    // MARK: - Shared prompts

    /// Asks about each of `items` in turn: a value is stored and saved, Enter keeps what is
    /// there, `b` goes to the previous item (or the previous step from the first one).
    func walk<Item, Value>(
        _ items: [Item], ask: (Item) throws -> PromptOutcome<Value>, store: (Item, Value) throws -> Void
    ) throws -> StepResult {
        var position = 0
        while position < items.count {
            switch try ask(items[position]) {
            case .value(let value):
                try store(items[position], value)
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

    /// Reads a value until `parse` accepts it; Enter keeps `current`. Returns the value or how the
    /// step ended.
    func askValue<T>(
        _ prompt: String, current: String?, help: String, parse: (String) -> Result<T, PromptProblem>,
        keep: () -> StepResult? = { nil }
    ) throws -> PromptOutcome<T> {
        while true {
            // The brackets hold 40 characters: a longer value Enter keeps is shown in full above.
            if let current, current.count > 40 {
                prompter.say(
                    lines: prompter.clipped(prompter.wrapped(style.dim("  Enter keeps: ") + current, indent: 4), to: 4))
            }
            switch prompter.ask(prompt, default: current) {
            case .empty:
                return .keep
            case .help:
                prompter.sayWrapped(help, indent: 2)
            case .back:
                return .result(.back)
            case .stop(let reason):
                return .result(.stop(reason))
            case .text(let text):
                switch parse(text) {
                case .success(let value): return .value(value)
                case .failure(let problem): prompter.complain(problem.message)
                }
            }
        }
    }

    /// A list the room edits: type to add, `d N` to delete, Enter when done.
    func editList(
        place: String, title: String, itemName: String, help: String, items: WritableKeyPath<Assessment, [String]>
    ) throws -> StepResult {
        header(place)
        prompter.say(style.bold(title))
        prompter.sayWrapped(
            "Type one \(itemName) per line; d N deletes number N; Enter on an empty line when done.", indent: 0)
        showList(assessment[keyPath: items])
        while true {
            let count = assessment[keyPath: items].count
            switch prompter.ask("  \(itemName.capitalizedFirst) \(count + 1)") {
            case .empty:
                return .next
            case .help:
                prompter.sayWrapped(help, indent: 2)
                showList(assessment[keyPath: items])
            case .back:
                return .back
            case .stop(let reason):
                return .stop(reason)
            case .text(let text):
                if let number = Self.deleteCommand(text) {
                    guard number >= 1, number <= count else {
                        prompter.complain("There is no \(itemName) number \(number).")
                        continue
                    }
                    let removed = assessment[keyPath: items].remove(at: number - 1)
                    prompter.say(style.dim("  Deleted: \(removed)"))
                    try session.save()
                    showList(assessment[keyPath: items])
                    continue
                }
                assessment[keyPath: items].append(text)
                try session.save()
            }
        }
    }

    func showList(_ items: [String]) {
        for (index, item) in items.enumerated() {
            prompter.sayWrapped("  \(index + 1). \(item)", indent: 5)
        }
    }

    /// `d 3` → 3.
    static func deleteCommand(_ text: String) -> Int? {
        let words = text.split(separator: " ")
        guard words.count == 2, words[0].lowercased() == "d" else { return nil }
        return Int(words[1])
    }

    /// Parses a number as people type it: `240`, `99.9`, `99.9%`, `1,200`.
    static func parseNumber(_ text: String) -> Double? {
        var cleaned = text.trimmingSpaces
        if cleaned.hasSuffix("%") { cleaned.removeLast() }
        cleaned = cleaned.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: " ", with: "")
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

/// What a prompt for a value gave.
enum PromptOutcome<T> {
    case value(T)
    case keep
    case result(Workshop.StepResult)
}

/// Why a typed value was not accepted.
struct PromptProblem: Error {
    var message: String
}

extension String {
    /// The text with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension Double {
    /// The value rounded to one decimal.
    fileprivate var roundedToTenths: Double { (self * 10).rounded() / 10 }
}
