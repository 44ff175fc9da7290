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
            n <reason> (not applicable), Enter keeps the answer shown, s skips.
            """,
        arguments: [
            ArgumentSpec(name: "file", help: "An assessment to resume (or create at that path).", isOptional: true)
        ],
        options: [
            SharedOptions.questionnaire,
            OptionSpec(["--org"], value: "name", help: "The organization (asked when left out)."),
            OptionSpec(["--team"], value: "name", help: "The team (asked when left out)."),
            OptionSpec(["--period"], value: "YYYY-Qn", help: "The quarter assessed (default: the current quarter)."),
            SharedOptions.store,
            OptionSpec(
                ["--phase"], value: "phase", help: "Revisit one phase of an assessment.",
                allowed: Phase.workshopPhases.map(\.rawValue)),
            OptionSpec(
                ["--respondent"], value: "name",
                help:
                    "Answer Discover alone, before the workshop, into a respondent file "
                    + "(<store>/<team>/respondents/<period>/<name>.json); combine the files with 'opmodel merge'."),
        ])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let environment = context.environment
        let fileSystem = environment.fileSystem
        let prompter = Prompter(terminal: context.terminal, style: context.style)
        let phase = arguments.value("--phase").flatMap(Phase.init(rawValue:))
        var period: Period?
        if let chosen = try context.periodOption(arguments) { period = chosen }

        // Find or create the file.
        var path: String
        var assessment: Assessment
        var located: LocatedQuestionnaire
        var store: Store?
        var isNew = false
        /// The team's previous quarter, for last quarter's answers and the status of its steps.
        var previous: Assessment?
        let respondent = arguments.value("--respondent").flatMap { $0.isEmpty ? nil : $0 }
        if let file = arguments.positionals.first, fileSystem.fileExists(at: file) {
            path = file
            let loaded = try context.loadAssessment(
                at: file, questionnaireOption: arguments.value("--questionnaire"),
                storeOption: arguments.value("--store"))
            assessment = loaded.assessment
            located = loaded.questionnaire
            store = loaded.store
            previous = loaded.previous
            prompter.say(
                context.style.bold("Resuming \(file)")
                    + context.style.dim(
                        " (\(assessment.team), \(assessment.period), phase \(assessment.phase.rawValue))"))
        } else {
            located = try environment.locator.questionnaire(
                arguments.value("--questionnaire") ?? ResourceLocator.defaultQuestionnaireID)
            for warning in located.warnings { context.warn(warning) }
            if let phase {
                throw CommandFailure(
                    message: "--phase \(phase.rawValue) revisits a phase of an existing assessment; give its FILE.",
                    code: .usage)
            }
            prompter.say(
                context.style.bold("opmodel \(OpModel.version)")
                    + " · \(located.questionnaire.title) \(located.questionnaire.version) · \(located.questionnaire.allQuestions.count) questions in \(located.questionnaire.domains.count) domains"
            )
            prompter.say(
                context.style.dim("Answers are saved after every step. At any prompt: ? help, b back, q save and quit.")
            )
            guard let identity = askIdentity(arguments: arguments, period: period, prompter: prompter, context: context)
            else {
                prompter.say("Nothing was saved: the assessment starts once the team and period are known.")
                return StandardTerminal.wasInterrupted ? .interrupted : .success
            }
            if let file = arguments.positionals.first {
                path = file
                store = arguments.value("--store").map { Store(root: $0, fileSystem: fileSystem) }
            } else {
                let chosen = Store(
                    root: environment.storeRoot(option: arguments.value("--store")), fileSystem: fileSystem)
                store = chosen
                path = chosen.assessmentPath(team: identity.team, period: identity.period)
                if let respondent {
                    path =
                        "\(chosen.root)/\(Store.slug(for: identity.team))/respondents/\(identity.period)/"
                        + "\(Store.slug(for: respondent)).json"
                }
            }
            if fileSystem.fileExists(at: path) {
                prompter.say(
                    context.style.bold(
                        "An assessment of \(identity.team) for \(identity.period) exists: resuming \(path)"))
                let loaded = try context.loadAssessment(
                    at: path, questionnaireOption: arguments.value("--questionnaire"), storeOption: store?.root)
                assessment = loaded.assessment
                located = loaded.questionnaire
                previous = loaded.previous
            } else {
                assessment = Assessment(
                    id: environment.makeIdentifier(), organization: identity.organization, team: identity.team,
                    period: identity.period,
                    questionnaire: QuestionnaireReference(
                        id: located.questionnaire.id, version: located.questionnaire.version),
                    createdAt: environment.timestamp())
                assessment.cursor = "envision/facilitator"
                if let respondent {
                    assessment.respondent = respondent
                    assessment.participants = [Participant(id: "p1", name: respondent)]
                    assessment.phase = .discover
                    assessment.cursor = nil
                } else if let earlier = context.previousAssessment(of: assessment, at: path) {
                    // The version last quarter used (if it can be found) tells which questions are new.
                    let earlierQuestionnaire =
                        (try? environment.locator.questionnaire(
                            for: earlier.questionnaire, store: store, override: nil))?.questionnaire
                    let started = Reassessment.start(
                        from: earlier, questionnaire: located.questionnaire,
                        previousQuestionnaire: earlierQuestionnaire?.version == earlier.questionnaire.version
                            ? earlierQuestionnaire : nil,
                        id: assessment.id, team: identity.team, period: identity.period,
                        createdAt: assessment.createdAt)
                    assessment = started.assessment
                    if identity.organization != nil { assessment.organization = identity.organization }
                    previous = earlier
                    Self.announceCarryForward(started, from: earlier, prompter: prompter, style: context.style)
                }
                isNew = true
                let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : ""
                if !folder.isEmpty { try fileSystem.createDirectory(at: folder) }
            }
        }
        if let store {
            if let warning = try? store.keepQuestionnaireCopy(located.questionnaire, text: located.text) {
                context.warn(warning)
            }
        }
        if assessment.phase == .complete && phase == nil {
            prompter.say("This assessment is complete. Revisit a phase with:")
            prompter.say("  \(environment.invocation) assess \(ShellQuoting.quote(path)) --phase discover")
            prompter.say("or write its roadmap with:")
            prompter.say(
                "  \(environment.invocation) report \(ShellQuoting.quote(path)) --output \(ShellQuoting.quote(Self.roadmapPath(for: path)))"
            )
            return .success
        }

        let (lock, lockWarning) = try AssessmentLock.acquire(
            assessmentPath: path, pid: environment.processID, host: environment.hostName, now: environment.timestamp(),
            fileSystem: fileSystem, isRunning: environment.isProcessRunning)
        defer { lock.release() }
        if let lockWarning { context.warn(lockWarning) }
        Self.removeLeftoverTemporaryFiles(of: path, fileSystem: fileSystem, ownProcess: environment.processID)

        let session = WorkshopSession(
            assessment: assessment, path: path, fileSystem: fileSystem, clock: environment.clock)
        let workshop = Workshop(session: session, questionnaire: located.questionnaire, prompter: prompter)
        workshop.previous = previous
        workshop.respondentMode = assessment.respondent != nil
        if isNew {
            prompter.say(context.style.dim("New assessment: \(path)"))
        }
        let outcome: Workshop.RunOutcome
        do {
            outcome = try workshop.run(only: phase)
        } catch let error as WorkshopSaveError {
            throw CommandFailure(message: "Could not save \(path): \(error.message)", code: error.exitCode)
        }
        let resume =
            "\(environment.invocation) assess \(ShellQuoting.quote(path))"
            + (phase.map { " --phase \($0.rawValue)" } ?? "")
            + (arguments.value("--questionnaire").map { " --questionnaire \(ShellQuoting.quote($0))" } ?? "")
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
                let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
                context.print("")
                context.print(context.style.green("✓ ") + context.style.bold("\(name)'s answers are saved in \(path)."))
                context.print("When everyone has answered, combine the files into the workshop assessment:")
                context.print(
                    "  \(environment.invocation) merge \(ShellQuoting.quote(folder))/*.json --output "
                        + ShellQuoting.quote(Self.mergedPath(forRespondentFolder: folder)))
                return .success
            }
            return try finish(
                session: session, questionnaire: located.questionnaire, revisited: phase, context: context)
        }
    }

    /// The organization, team and period of a new assessment, from options or asked; nil when
    /// the session stops before they are known.
    func askIdentity(
        arguments: ParsedArguments, period: Period?, prompter: Prompter, context: CommandContext
    ) -> (organization: String?, team: String, period: Period)? {
        var organization = arguments.value("--org")
        var team = arguments.value("--team")?.trimmingSpaces
        var chosenPeriod = period
        let currentPeriod = Timestamps.period(of: context.environment.clock.now())
        // A respondent answers Discover only; the workshop file records the organization.
        if organization == nil && arguments.value("--respondent") == nil {
            switch prompter.ask("Organization") {
            case .text(let text): organization = text
            case .stop: return nil
            default: break
            }
        }
        while team == nil || team?.isEmpty == true {
            switch prompter.ask("Team") {
            case .text(let text): team = text
            case .stop: return nil
            case .help:
                prompter.sayWrapped(
                    "The team whose operating model is assessed; its assessments are kept together in the store, one per quarter.",
                    indent: 2)
            default: prompter.complain("The team name is needed: it names the folder where the assessment is kept.")
            }
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

    /// Writes the roadmap beside the assessment and prints where everything is.
    func finish(session: WorkshopSession, questionnaire: Questionnaire, revisited: Phase?, context: CommandContext)
        throws -> ExitCode
    {
        let environment = context.environment
        let path = session.path
        let roadmapPath = Self.roadmapPath(for: path)
        let previous = context.previousAssessment(of: session.assessment, at: path)
        let input = ReportInput(
            assessment: session.assessment, questionnaire: questionnaire, previous: previous,
            toolVersion: OpModel.version)
        let template = try environment.locator.template(named: "roadmap.md")
        let markdown = try ReportRenderer.markdown(input, template: template.text, templateName: template.source)
        try environment.fileSystem.writeAtomically(markdown, to: roadmapPath, backup: false)
        let card = ScoreCalculator.score(session.assessment, questionnaire: questionnaire, previous: previous)
        let style = context.style
        context.print("")
        context.print(
            style.green("✓ ") + style.bold(revisited.map { "\($0.title) revisited." } ?? "Workshop complete."))
        context.print("")
        if let overall = card.overall.score {
            context.print(
                "Overall maturity \(style.bold(Rounding.text(overall))) \(questionnaire.levelName(for: overall))"
                    + (card.overall.target.map { ", target \(Rounding.text($0))" } ?? ""))
        }
        for domain in card.domains {
            let score = domain.score.map { Rounding.text($0) } ?? "–"
            context.print(
                "  " + MaturityBar.text(domain.score, questionnaire: questionnaire) + " " + score.leftPadded(to: 3)
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

    /// Removes the half-written `.<name>.tmp-<pid>` files a killed earlier run left beside the
    /// assessment. Safe because this process holds the lock: no other writer is at work.
    static func removeLeftoverTemporaryFiles(of path: String, fileSystem: any FileSystem, ownProcess: Int32) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let prefix = ".\(name).tmp-"
        guard let names = try? fileSystem.contentsOfDirectory(at: folder.isEmpty ? "/" : folder) else { return }
        for entry in names where entry.hasPrefix(prefix) && entry != "\(prefix)\(ownProcess)" {
            guard Int32(entry.dropFirst(prefix.count)) != nil else { continue }
            try? fileSystem.removeFile(at: (folder.isEmpty ? "/" : folder + "/") + entry)
        }
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
        let parts = folder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[parts.count - 2] == "respondents" else { return folder + "/merged.json" }
        return (parts.dropLast(2) + ["\(parts[parts.count - 1]).json"]).joined(separator: "/")
    }

    /// `assessments/platform/2026-Q4.json` → `assessments/platform/2026-Q4-roadmap.md`.
    static func roadmapPath(for path: String) -> String {
        (path.hasSuffix(".json") ? String(path.dropLast(5)) : path) + "-roadmap.md"
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
