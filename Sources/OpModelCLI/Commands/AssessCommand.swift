import Foundation
import OpModelKit

/// `opmodel assess`: runs or resumes the interactive workshop.
struct AssessCommand: Command {
    static let spec = CommandSpec(
        name: "assess",
        abstract: "Run a workshop: Envision, Discover, Build, Deliver and Improve, saved after every answer.",
        discussion: """
            Without FILE, a new assessment goes to the store as <store>/<team>/<period>.json (an existing
            one for the same team and period is resumed). With FILE, that assessment is resumed (or created).
            At any prompt: ? shows help, b goes back, q saves and quits; Ctrl-C and the end of input save
            too, and opmodel prints the command that resumes. At a Discover question: <level> [note],
            n <reason> (not applicable), Enter keeps the answer shown, s skips, ?? shows the facilitator's
            notes. At any prompt, ! text parks an item for later (! Ana: text says who raised it).
            """,
        arguments: [file],
        options: [
            Options.questionnaire, Options.organization, team, Options.period, Options.store, phase, respondent,
            Options.timebox, facilitatorNotes,
        ])

    static let file = ArgumentSpec(
        name: "file", help: "An assessment to resume (or create at that path).", isOptional: true)
    static let team = Options.team.help("The team (asked when left out).")
    static let phase = OptionSpec(
        ["--phase"], value: "phase", help: "Revisit one phase of an assessment.",
        allowed: Phase.workshopPhases.map(\.rawValue))
    static let respondent = OptionSpec(
        ["--respondent"], value: "name",
        help:
            "Answer Discover alone, before the workshop, into a respondent file "
            + "(<store>/<team>/respondents/<period>/<name>.json); combine the files with 'opmodel merge'.")

    static let facilitatorNotes = OptionSpec(
        ["--facilitator-notes"],
        help:
            "Write each Discover question's notes for the facilitator (what to listen for, the tie-breaker, the "
            + "scope) to standard error as the room reaches it, for a second window: 2>notes.txt, then "
            + "tail -f notes.txt. ?? at a question shows them on screen.")

    static let isInteractive = true

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let environment = context.environment
        let prompter = Prompter(terminal: context.terminal, style: context.style)
        let phase = arguments[Self.phase].flatMap(Phase.init(rawValue:))
        let period = try context.period(arguments)
        let timebox = try context.timebox(arguments)
        let owner = LockOwner(
            pid: environment.processID, host: environment.hostName, now: environment.timestamp(),
            isRunning: environment.isProcessRunning)
        let override = arguments[Options.questionnaire]

        // Open the file, or start (or resume) the team's assessment for the period.
        let workspace: Workspace
        let start: WorkshopStart
        if let file = arguments[Self.file], environment.fileSystem.fileExists(at: file) {
            workspace = context.workspace(containing: file, arguments)
            start = try workspace.resumeSession(
                at: file, questionnaire: override, locator: environment.locator, owner: owner)
            let assessment = start.opened.assessment
            prompter.say(
                context.style.bold("Resuming \(file)")
                    + context.style.dim(
                        " (\(assessment.team), \(assessment.period), phase \(assessment.phase.rawValue))"))
        } else {
            if let phase {
                throw CommandFailure(
                    message: "--phase \(phase.rawValue) revisits a phase of an existing assessment; give its FILE.",
                    code: .usage)
            }
            let located = try environment.locator.questionnaire(override ?? ResourceLocator.defaultQuestionnaireID)
            for warning in located.warnings { context.warn(warning) }
            let questionnaire = located.questionnaire
            prompter.say(
                context.style.bold("opmodel \(OpModel.version)")
                    + " · \(questionnaire.title) \(questionnaire.version) · \(questionnaire.allQuestions.count) questions in \(questionnaire.domains.count) domains"
            )
            prompter.sayWrapped(
                context.style.dim("Saved after every answer. Any prompt: ? help · b back · ! park an item · q quit")
            )
            let file = arguments[Self.file]
            workspace = file.map { context.workspace(containing: $0, arguments) } ?? context.workspace(arguments)
            guard
                let identity = askIdentity(
                    arguments: arguments, period: period, workspace: file == nil ? workspace : nil, prompter: prompter,
                    context: context)
            else {
                prompter.say("Nothing was saved: the assessment starts once the team and period are known.")
                return StandardTerminal.wasInterrupted ? .interrupted : .success
            }
            start = try workspace.startSession(
                NewAssessment(
                    organization: identity.organization, team: identity.team, period: identity.period,
                    respondent: arguments.nonEmpty(Self.respondent),
                    questionnaire: located, path: file, id: environment.makeIdentifier(),
                    createdAt: environment.timestamp()),
                questionnaire: override, locator: environment.locator, owner: owner)
            if !start.isNew {
                prompter.say(
                    context.style.bold(
                        "An assessment of \(identity.team) for \(identity.period) exists: resuming \(start.opened.path)"
                    ))
            } else if let carried = start.carriedForward, let previous = start.opened.previous {
                Self.announceCarryForward(carried, from: previous, prompter: prompter, style: context.style)
            }
        }
        defer { start.lock.release() }
        if let warning = start.lockWarning { context.warn(warning) }
        for warning in start.opened.warnings { context.warn(warning) }
        let path = start.opened.path
        let located = start.opened.questionnaire
        if let warning = try? workspace.keepQuestionnaireCopy(located) { context.warn(warning) }
        if start.opened.assessment.phase == .complete && phase == nil {
            prompter.say("This assessment is complete. Revisit a phase with:")
            prompter.say("  \(environment.invocation) assess \(ShellQuoting.quote(path)) --phase discover")
            prompter.say("or write its roadmap with:")
            prompter.say(
                "  \(environment.invocation) report \(ShellQuoting.quote(path)) --output \(ShellQuoting.quote(Self.roadmapPath(for: path)))"
            )
            return .success
        }

        let session = WorkshopSession(
            assessment: start.opened.assessment, path: path, workspace: workspace, clock: environment.clock)
        let workshop = Workshop(session: session, questionnaire: located.questionnaire, prompter: prompter)
        workshop.previous = start.opened.previous
        workshop.respondentMode = start.opened.assessment.respondent != nil
        if let timebox {
            workshop.timeboxGiven = true
            session.assessment.discover.timebox = timebox
        }
        if arguments.isSet(Self.facilitatorNotes) {
            if context.terminal.errorIsOutputScreen {
                context.warn(
                    "--facilitator-notes: standard error is the room's screen, so the notes are not written there. "
                        + "Send them to another window (2>notes.txt, then tail -f notes.txt), or type ?? at a question."
                )
            } else {
                workshop.facilitatorNotes = true
            }
        }
        if start.isNew {
            prompter.say(context.style.dim("New assessment: \(path)"))
        }
        let outcome = try workshop.run(only: phase)
        let resume =
            "\(environment.invocation) assess \(ShellQuoting.quote(path))"
            + (phase.map { " --phase \($0.rawValue)" } ?? "")
            + (override.map { " --questionnaire \(ShellQuoting.quote($0))" } ?? "")
        switch outcome {
        case .stopped(let reason):
            let why: String
            switch reason {
            case .quit: why = "Saved."
            case .interrupted: why = "Interrupted; everything answered is saved."
            case .endOfInput: why = "End of input; everything answered is saved."
            }
            prompter.say("")
            prompter.say(
                context.style.bold(why)
                    + " \(workshop.answeredCount) of \(located.questionnaire.allQuestions.count) questions answered, in \(path)."
            )
            prompter.say("Resume with:")
            prompter.say("  " + resume)
            return reason == .interrupted ? .interrupted : .success
        case .completed:
            if let name = session.assessment.respondent {
                let folder = PathText.folder(of: path)
                context.print("")
                context.print(context.style.green("✓ ") + context.style.bold("\(name)'s answers are saved in \(path)."))
                context.print("When everyone has answered, combine the files into the workshop assessment:")
                context.print(
                    "  \(environment.invocation) merge \(ShellQuoting.quote(folder))/*.json --output "
                        + ShellQuoting.quote(Self.mergedPath(forRespondentFolder: folder)))
                return .success
            }
            return try finish(
                session: session, questionnaire: located.questionnaire, previous: start.opened.previous,
                revisited: phase, context: context)
        }
    }

    /// The organization, team and period of a new assessment, from options or asked; nil when
    /// the session stops before they are known. With the store (`workspace`), the organization
    /// defaults to the one its latest assessment names, and a team the store does not have yet is
    /// checked against the teams it has, so that a typo never starts a new team unnoticed.
    func askIdentity(
        arguments: ParsedArguments, period: Period?, workspace: Workspace?, prompter: Prompter, context: CommandContext
    ) -> (organization: String?, team: String, period: Period)? {
        var organization = arguments[Options.organization]
        var team = arguments[Self.team]?.trimmingSpaces
        var chosenPeriod = period
        let currentPeriod = Timestamps.period(of: context.environment.clock.now())
        let known = workspace?.knownTeams() ?? []
        // A respondent answers Discover only; the workshop file records the organization.
        if organization == nil && arguments[Self.respondent] == nil {
            let latest = known.filter { $0.organization != nil }.max { $0.period < $1.period }?.organization
            switch prompter.ask("Organization", default: latest) {
            case .text(let text): organization = text
            case .empty: organization = latest
            case .stop: return nil
            default: break
            }
        }
        while true {
            guard let typed = team, !typed.isEmpty else {
                switch prompter.ask("Team") {
                case .text(let text): team = text
                case .stop: return nil
                case .help:
                    prompter.sayWrapped(
                        "The team whose operating model is assessed; its assessments are kept together in the store, one per quarter.",
                        indent: 2)
                    if !known.isEmpty {
                        prompter.sayWrapped(
                            "Teams in the store: " + known.map(\.team).joined(separator: ", ") + ".", indent: 2)
                    }
                default: prompter.complain("The team name is needed: it names the folder where the assessment is kept.")
                }
                continue
            }
            guard let workspace, workspace.isNewTeam(typed) else { break }
            switch confirmNewTeam(typed, known: known, workspace: workspace, prompter: prompter) {
            case .use(let chosen): team = chosen
            case .retype: team = nil
            case .stop: return nil
            }
            if team != nil { break }
        }
        while chosenPeriod == nil {
            switch prompter.ask("Period (YYYY-Qn)", default: currentPeriod.description) {
            case .empty: chosenPeriod = currentPeriod
            case .text(let text):
                if let parsed = Period(text) {
                    chosenPeriod = parsed
                } else {
                    prompter.complain("Type a quarter as YYYY-Qn, such as \(currentPeriod).")
                }
            case .stop: return nil
            default:
                prompter.complain("Type a quarter as YYYY-Qn, such as \(currentPeriod), or Enter for \(currentPeriod).")
            }
        }
        guard let team, let chosenPeriod else { return nil }
        return (organization, team, chosenPeriod)
    }

    /// A team the store does not have yet: when its name is close to one the store has, asks
    /// whether that one was meant (on a terminal; piped input is told, not asked). Returns the
    /// team to use, or that the name is to be typed again, or that the session stops.
    func confirmNewTeam(_ team: String, known: [Workspace.KnownTeam], workspace: Workspace, prompter: Prompter)
        -> TeamChoice
    {
        let names = known.map(\.team)
        let close =
            Suggestions.closest(to: team, among: names)
            ?? names.first { Workspace.nameKey($0).contains(Workspace.nameKey(team)) }
        let folder = PathText.join(workspace.storeRoot, workspace.folder(forTeam: team))
        guard let close else {
            prompter.say(prompter.style.dim("New team \"\(team)\": its assessments go to \(folder)/."))
            return .use(team)
        }
        guard prompter.terminal.inputIsInteractive else {
            prompter.say(
                prompter.style.yellow("New team \"\(team)\"")
                    + " (the store has \"\(close)\"; check the name): its assessments go to \(folder)/.")
            return .use(team)
        }
        while true {
            switch prompter.ask(
                "Did you mean \"\(close)\"? (y = \(close), n = start the new team \"\(team)\")", default: "y")
            {
            case .empty: return .use(close)
            case .text(let text) where text.lowercased().hasPrefix("y"): return .use(close)
            case .text(let text) where text.lowercased().hasPrefix("n"):
                prompter.say(prompter.style.dim("New team \"\(team)\": its assessments go to \(folder)/."))
                return .use(team)
            case .back: return .retype
            case .stop: return .stop
            default:
                prompter.complain("Type y to use \"\(close)\", n to start a new team, or b to type the name again.")
            }
        }
    }

    /// What to do about a team the store does not have yet.
    enum TeamChoice: Equatable {
        /// Go on with this team.
        case use(String)
        /// Ask for the name again.
        case retype
        /// The session stops.
        case stop
    }

    /// Writes the roadmap beside the assessment and prints where everything is.
    func finish(
        session: WorkshopSession, questionnaire: Questionnaire, previous: Assessment?, revisited: Phase?,
        context: CommandContext
    ) throws -> ExitCode {
        let environment = context.environment
        let path = session.path
        let roadmapPath = Self.roadmapPath(for: path)
        let input = ReportInput(
            assessment: session.assessment, questionnaire: questionnaire, previous: previous,
            toolVersion: OpModel.version)
        let template = try environment.locator.template(named: "roadmap.md")
        let markdown = try ReportRenderer.markdown(input, template: template.text, templateName: template.source)
        try context.emit(markdown, to: roadmapPath, announce: false)
        let card = ScoreCalculator.score(session.assessment, questionnaire: questionnaire, previous: previous)
        let style = context.style
        context.print("")
        context.print(
            style.green("✓ ") + style.bold(revisited.map { "\($0.title) revisited." } ?? "Workshop complete."))
        context.print("")
        if let overall = card.overall.score {
            context.print(
                "Overall maturity \(style.bold(Formatting.score(overall))) \(questionnaire.levelName(for: overall))"
                    + (card.overall.target.map { ", target \(Formatting.score($0))" } ?? ""))
        }
        for domain in card.domains {
            let score = Formatting.score(domain.score)
            context.print(
                "  " + Formatting.bar(domain.score, questionnaire: questionnaire) + " " + score.leftPadded(to: 3)
                    + "  \(domain.name)" + (domain.target.map { style.dim(" → \($0)") } ?? ""))
        }
        context.print("")
        context.print("Assessment: \(path)")
        context.print("Roadmap:    \(roadmapPath)")
        context.print("")
        context.print("Next steps:")
        context.print("  \(environment.invocation) score \(ShellQuoting.quote(path))")
        context.print("  \(environment.invocation) report \(ShellQuoting.quote(path)) --output roadmap.md")
        context.print("  \(environment.invocation) assess \(ShellQuoting.quote(path)) --phase deliver")
        return .success
    }

    /// Tells the room what a re-assessment starts from.
    static func announceCarryForward(
        _ started: Reassessment, from previous: Assessment, prompter: Prompter, style: TextStyle
    ) {
        prompter.sayWrapped(
            style.bold("Starting from \(previous.period): ")
                + "outcomes and KPIs, constraints, targets, topology and roadmap decisions are carried forward; "
                + "last quarter's answer is shown at every question (Enter keeps it).")
        if !started.removedQuestions.isEmpty {
            prompter.sayWrapped(
                style.yellow("No longer in the questionnaire: ")
                    + started.removedQuestions.joined(separator: ", ")
                    + " (their answers are kept as orphaned answers and listed in the report).")
        }
        if !started.newQuestions.isEmpty {
            prompter.sayWrapped(
                style.cyan("New in this questionnaire version: ") + started.newQuestions.joined(separator: ", "))
        }
    }

    /// `assessments/platform/respondents/2026-Q4` → `assessments/platform/2026-Q4.json`.
    static func mergedPath(forRespondentFolder folder: String) -> String {
        let parent = PathText.folder(of: folder)
        guard PathText.name(of: parent) == Workspace.respondentsFolder else {
            return PathText.join(folder, "merged.json")
        }
        return PathText.join(PathText.folder(of: parent), PathText.name(of: folder) + ".json")
    }

    /// `assessments/platform/2026-Q4.json` → `assessments/platform/2026-Q4-roadmap.md`.
    static func roadmapPath(for path: String) -> String {
        PathText.droppingExtension(path, ".json") + "-roadmap.md"
    }
}

/// Quoting for commands printed for people to copy into a shell.
enum ShellQuoting {
    /// `text` as one shell word: unchanged when safe, else in single quotes.
    static func quote(_ text: String) -> String {
        let safe =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                    || "-_./@:+=,".unicodeScalars.contains(scalar)
            }
        if safe { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
