import OpModelKit

extension ValidateCommand {
    /// `opmodel validate --store DIR`: the whole store, every problem with its path
    /// (``StoreCheck``); exits 65 when any is an error.
    func checkStore(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let named = arguments.nonEmpty(Options.store) ?? context.environment.variables["OPMODEL_STORE"]
        guard let root = named, !root.isEmpty else {
            throw CommandLineError(
                message: "Missing expected argument '<path>' (or --store <dir> to check a whole store).",
                commandPath: context.commandPath)
        }
        let environment = context.environment
        let check = try StoreCheck.run(
            context.workspace(arguments), locator: environment.locator,
            checker: StoreCheck.Checker(host: environment.hostName, isRunning: environment.isProcessRunning))
        for problem in check.problems {
            let label =
                problem.severity == .error
                ? context.errorStyle.red("error") : context.errorStyle.yellow("warning")
            let location = problem.location.map { "\($0): " } ?? ""
            context.terminal.writeError(
                "\(problem.path): \(location)\(label) (\(problem.kind.rawValue)): \(problem.message)\n")
        }
        let checked =
            "\(Plural.count(check.assessments, "assessment")), "
            + "\(Plural.count(check.respondentFiles, "respondent file")), "
            + "\(Plural.count(check.questionnaireCopies, "questionnaire copy", plural: "questionnaire copies"))"
        let errors = check.errors.count
        let warnings = check.warnings.count
        if errors == 0 {
            let suffix = warnings == 0 ? "" : " (\(Plural.count(warnings, "warning")))"
            context.print("\(context.style.green("✓")) store \(root): valid: \(checked)\(suffix)")
            return .success
        }
        context.print(
            "\(context.style.red("✗")) store \(root): \(Plural.count(errors, "error")), "
                + "\(Plural.count(warnings, "warning")) in \(checked)")
        return .dataError
    }
}
