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
        arguments: [ArgumentSpec(name: "files", help: "The respondent files.", isRepeating: true)],
        options: [
            OptionSpec(["-o", "--output"], value: "path", help: "The workshop assessment to write (must not exist)."),
            OptionSpec(
                ["--team"], value: "name", help: "The team of the merged assessment (default: the first file's)."),
            SharedOptions.questionnaire,
        ])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let output = arguments.value("--output") else {
            throw CommandLineError(
                message: "Missing expected option '--output <path>'.", commandPath: context.commandPath)
        }
        let fileSystem = context.environment.fileSystem
        var inputs: [RespondentMerge.Input] = []
        for path in arguments.positionals {
            inputs.append(
                .init(path: path, assessment: try DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem)))
        }
        // The questionnaire lets choices questions (imported lenses) be merged as votes too.
        var questionnaire: Questionnaire?
        if let first = inputs.first {
            let workspace = context.workspace(containing: first.path, arguments)
            let override = arguments.value("--questionnaire")
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
        if let team = arguments.value("--team"), !team.isEmpty { merged.team = team }
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

/// `opmodel import lens|responses …`: content from other tools.
struct ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Import an AWS Well-Architected custom lens, or survey responses exported as CSV.",
        discussion: """
            opmodel import lens LENS.json --output PATH turns a custom lens (schemaVersion 2021-11-01)
            into a questionnaire of choices questions: pillars become domains, risk rules become rules,
            and the scale is 1 High risk, 2 Medium risk, 3 No risk.

            opmodel import responses CSV --questionnaire ID --output DIR writes one respondent file per
            row of a form tool's export (columns: respondent, optional role, one per question id with a
            level or n/a, optional "<id> note"). Any bad cell is reported with its row and column, and
            then nothing is written (exit 65). Merge the files with 'opmodel merge DIR/*.json'.
            """,
        arguments: [
            ArgumentSpec(name: "kind", help: "lens or responses."),
            ArgumentSpec(name: "file", help: "The lens JSON file or the responses CSV file."),
        ],
        options: [
            OptionSpec(
                ["-o", "--output"], value: "path", help: "The questionnaire file (lens) or folder (responses)."),
            OptionSpec(["--id"], value: "id", help: "The imported questionnaire's id (lens; default: from its name)."),
            OptionSpec(
                ["--questionnaire"], value: "id-or-path",
                help: "The questionnaire the survey asked (responses; required), by id or path."),
            OptionSpec(["--team"], value: "name", help: "The team the responses are for (responses; default: Team)."),
            OptionSpec(["--period"], value: "YYYY-Qn", help: "The quarter (responses; default: the current one)."),
        ])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let output = arguments.value("--output") else {
            throw CommandLineError(
                message: "Missing expected option '--output <path>'.", commandPath: context.commandPath)
        }
        switch arguments.positionals[0] {
        case "lens":
            return try importLens(arguments.positionals[1], output: output, arguments: arguments, context: context)
        case "responses":
            return try importResponses(arguments.positionals[1], output: output, arguments: arguments, context: context)
        default:
            throw CommandLineError(
                message: "Unknown kind '\(arguments.positionals[0])': use 'lens' or 'responses'.",
                commandPath: context.commandPath)
        }
    }

    func importLens(_ path: String, output: String, arguments: ParsedArguments, context: CommandContext) throws
        -> ExitCode
    {
        let fileSystem = context.environment.fileSystem
        let bytes = try fileSystem.readFile(at: path, limit: FileLimits.document)
        let (questionnaire, warnings) = try AWSLensImporter.importLens(
            bytes: bytes, file: path, id: arguments.value("--id"))
        for warning in warnings { context.warn("\(path): \(warning.description)") }
        try context.emit(try DocumentWriter.text(of: questionnaire), to: output, announce: false)
        context.note(
            "Wrote \(output): \(questionnaire.title), \(questionnaire.domains.count) domains, "
                + "\(questionnaire.allQuestions.count) questions. Assess with: "
                + "\(context.environment.invocation) assess --questionnaire \(ShellQuoting.quote(output))")
        return .success
    }

    func importResponses(_ path: String, output: String, arguments: ParsedArguments, context: CommandContext) throws
        -> ExitCode
    {
        guard let reference = arguments.value("--questionnaire") else {
            throw CommandLineError(
                message: "Missing expected option '--questionnaire <id-or-path>': the questionnaire the survey used.",
                commandPath: context.commandPath)
        }
        let environment = context.environment
        let fileSystem = environment.fileSystem
        var period = Timestamps.period(of: environment.clock.now())
        if let chosen = try context.periodOption(arguments) { period = chosen }
        let located = try environment.locator.questionnaire(reference)
        let text = try fileSystem.readText(at: path, limit: FileLimits.csv)
        let parsed = SurveyResponses.parse(text: text, file: path, questionnaire: located.questionnaire)
        let responses = try parsed.validResponses()
        for warning in parsed.warnings { context.warn("\(path): \(warning.description)") }
        let team = arguments.value("--team").flatMap { $0.isEmpty ? nil : $0 } ?? "Team"
        let workspace = Workspace(root: nil, fileSystem: fileSystem, inputs: context.inputs)
        var files: [(String, Assessment)] = []
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
            let file = workspace.respondentPath(
                in: output, respondent: response.respondent, taken: Set(files.map(\.0)))
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
