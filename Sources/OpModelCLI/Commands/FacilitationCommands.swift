import OpModelKit

/// `opmodel merge FILE… --output FILE`: respondent files into one workshop assessment.
struct MergeCommand: Command {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Combine respondents' files into one workshop assessment, keeping every vote.",
        discussion: """
            Each FILE is a respondent file from 'opmodel assess --respondent NAME' or 'opmodel import
            responses'. The merged assessment has one participant per file, every vote, the median as
            the consensus (the lower median on a tie) and each note with its author. Files for
            different questionnaires, versions or quarters, or the same person twice, are refused.
            Run 'opmodel assess OUTPUT' with the room to settle the disagreements and finish.
            """,
        arguments: [files],
        options: [output, team, Options.questionnaire])

    static let files = ArgumentSpec(name: "files", help: "The respondent files.", isRepeating: true)
    static let output = Options.output.help("The workshop assessment to write (must not exist).").required
    static let team = Options.team.help("The team of the merged assessment (default: the first file's).")

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let output = arguments[Self.output] ?? ""
        let fileSystem = context.environment.fileSystem
        var inputs: [RespondentMerge.Input] = []
        for path in arguments.values(Self.files) {
            inputs.append(
                .init(path: path, assessment: try DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem)))
        }
        // The questionnaire lets choices questions (imported lenses) be merged as votes too.
        var questionnaire: Questionnaire?
        if let first = inputs.first {
            let workspace = context.workspace(containing: first.path, arguments)
            let override = arguments[Options.questionnaire]
            do {
                questionnaire = try context.environment.locator.questionnaire(
                    for: first.assessment.questionnaire, workspace: workspace, override: override
                ).questionnaire
            } catch  where override == nil {
                questionnaire = nil
            }
        }
        var merged = try RespondentMerge.merge(
            inputs, id: context.environment.makeIdentifier(), createdAt: context.environment.timestamp(),
            questionnaire: questionnaire)
        if let team = arguments.nonEmpty(Self.team) { merged.team = team }
        let teams = Set(inputs.map { $0.assessment.team })
        if teams.count > 1 {
            context.warn(
                "The files name several teams (\(teams.sorted().joined(separator: ", "))); using \(merged.team).")
        }
        try context.emit(try DocumentWriter.text(of: merged), to: output, mustBeNew: true, announce: false)
        let flagged = merged.discover.answers.values.filter {
            Agreement.spread(Array(($0.votes ?? [:]).values)) >= Agreement.discussionSpread
        }.count
        context.print(
            "Merged \(inputs.count) respondents into \(output): \(merged.discover.answers.count) questions answered, "
                + "\(flagged) with votes 2 or more levels apart to discuss.")
        context.print("Run the workshop with: \(context.environment.invocation) assess \(ShellQuoting.quote(output))")
        return .success
    }
}

/// `opmodel import`: content from other tools, as the subcommands `lens` and `responses`.
struct ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Import an AWS Well-Architected custom lens, or survey responses exported as CSV.",
        subcommands: [ImportLensCommand.spec, ImportResponsesCommand.spec])

    static var subcommands: [any Command.Type] { [ImportLensCommand.self, ImportResponsesCommand.self] }

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        context.terminal.write(HelpFormatter.help(for: Self.spec, commandPath: context.commandPath))
        return .success
    }
}

/// `opmodel import lens LENS.json --output PATH`: an AWS Well-Architected custom lens as a questionnaire.
struct ImportLensCommand: Command {
    static let spec = CommandSpec(
        name: "lens",
        abstract: "Turn an AWS Well-Architected custom lens into a questionnaire.",
        discussion: """
            LENS is a custom lens (schemaVersion 2021-11-01). Its pillars become domains, its questions
            choices questions, its risk rules the rules that give a level, and the scale is 1 High risk,
            2 Medium risk, 3 No risk. Warnings name the JSON path; text that is not JSON, or a condition
            that cannot be parsed, is an error (exit 65) and nothing is written.
            """,
        arguments: [lens],
        options: [output, identifier])

    static let lens = ArgumentSpec(name: "lens", help: "The custom lens, a JSON file.")
    static let output = Options.output.help("The questionnaire file to write.").required
    static let identifier = OptionSpec(
        ["--id"], value: "id", help: "The imported questionnaire's id (default: from the lens's name).")

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments[Self.lens] ?? ""
        let output = arguments[Self.output] ?? ""
        let fileSystem = context.environment.fileSystem
        let bytes = try fileSystem.readFile(at: path, limit: FileLimits.document)
        let (questionnaire, warnings) = try AWSLensImporter.importLens(
            bytes: bytes, file: path, id: arguments[Self.identifier])
        for warning in warnings { context.warn("\(path): \(warning.description)") }
        try context.emit(try DocumentWriter.text(of: questionnaire), to: output, announce: false)
        context.note(
            "Wrote \(output): \(questionnaire.title), \(questionnaire.domains.count) domains, "
                + "\(questionnaire.allQuestions.count) questions. Assess with: "
                + "\(context.environment.invocation) assess --questionnaire \(ShellQuoting.quote(output))")
        return .success
    }

}

/// `opmodel import responses CSV --questionnaire ID --output DIR`: one respondent file per row.
struct ImportResponsesCommand: Command {
    static let spec = CommandSpec(
        name: "responses",
        abstract: "Turn survey responses exported as CSV into respondent files, one per row.",
        discussion: """
            CSV is a form tool's export: a respondent column, an optional role, one column per question
            id holding a level or n/a, and optional "<id> note" columns. Any bad cell is reported with
            its row and column, and then nothing is written (exit 65). Merge the files with 'opmodel
            merge DIR/*.json'.
            """,
        arguments: [csv],
        options: [questionnaire, output, team, period])

    static let csv = ArgumentSpec(name: "csv", help: "The responses, a CSV file.")
    static let questionnaire = OptionSpec(
        ["--questionnaire"], value: "id-or-path", help: "The questionnaire the survey asked, by id or path.",
        required: true)
    static let output = Options.output.help("The folder to write the respondent files to.").required
    static let team = Options.team.help("The team the responses are for (default: Team).")
    static let period = Options.period.help("The quarter (default: the current one).")

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = arguments[Self.csv] ?? ""
        let output = arguments[Self.output] ?? ""
        let reference = arguments[Self.questionnaire] ?? ""
        let environment = context.environment
        let fileSystem = environment.fileSystem
        let period = try context.period(arguments, Self.period) ?? Timestamps.period(of: environment.clock.now())
        let located = try environment.locator.questionnaire(reference)
        let parsed = SurveyResponses.parse(
            bytes: try fileSystem.readFile(at: path, limit: FileLimits.csv), file: path,
            questionnaire: located.questionnaire)
        let responses = try parsed.validResponses()
        for warning in parsed.warnings { context.warn("\(path): \(warning.description)") }
        let team = arguments.nonEmpty(Self.team) ?? "Team"
        let workspace = Workspace(root: nil, fileSystem: fileSystem, inputs: context.inputs)
        var files: [(String, Assessment)] = []
        var taken: Set<String> = []
        for response in responses {
            var assessment = Assessment(
                id: environment.makeIdentifier(), organization: nil, team: team, period: period,
                questionnaire: QuestionnaireReference(
                    id: located.questionnaire.id, version: located.questionnaire.version),
                createdAt: environment.timestamp())
            assessment.respondent = response.respondent
            assessment.participants = [Participant(id: "p1", name: response.respondent, role: response.role)]
            assessment.discover.answers = response.answers
            assessment.phase = .complete
            // Names that fold to the same slug ("José Núñez", "Jose Nunez") each keep a file.
            let file = workspace.respondentPath(in: output, respondent: response.respondent, taken: taken)
            taken.insert(file)
            if fileSystem.fileExists(at: file) {
                throw CommandFailure(
                    message: "\(file) exists; nothing was written. Choose an empty --output folder.",
                    code: .cannotCreate)
            }
            files.append((file, assessment))
        }
        try context.emit(
            try files.map { (try DocumentWriter.text(of: $0.1), $0.0) }, mustBeNew: true, announce: false)
        context.print("Wrote \(Plural.count(files.count, "respondent file")) to \(output).")
        context.print(
            "Combine them with: \(environment.invocation) merge \(ShellQuoting.quote(output))/*.json --output <file>")
        return .success
    }
}
