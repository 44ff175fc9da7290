import OpModelKit

/// `opmodel report FILE`: the roadmap report of an assessment.
struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write the roadmap report of an assessment (Markdown, or the report context as JSON).",
        discussion: """
            The Markdown comes from Templates/roadmap.md (or --template), rendered by a strict Mustache
            subset: {{name}}, {{a.b}}, {{#list}}…{{/list}}, {{^empty}}…{{/empty}}, {{! comment}}, and
            {{{raw}}} for pre-rendered blocks. --format json prints the report context templates are
            written against; its "scores" and "roadmap" members are stable interfaces.
            """,
        arguments: [ArgumentSpec(name: "file", help: "The assessment file.")],
        options: [
            OptionSpec(
                ["--template"], value: "path", help: "A Markdown template to use instead of the shipped roadmap."),
            OptionSpec(
                ["--format"], value: "format", help: "markdown (default) or json.", allowed: ["markdown", "json"]),
            OptionSpec(["-o", "--output"], value: "path", help: "Write to this file instead of standard output."),
            OptionSpec(
                ["--anonymize"],
                help: "Replace participants' names by Participant A, B, … (and the facilitator's) everywhere."),
            SharedOptions.questionnaire,
            SharedOptions.store,
        ])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let loaded = try context.loadAssessment(
            at: arguments.positionals[0], questionnaireOption: arguments.value("--questionnaire"),
            storeOption: arguments.value("--store"))
        var input = ReportInput(
            assessment: loaded.assessment, questionnaire: loaded.questionnaire.questionnaire, previous: loaded.previous,
            toolVersion: OpModel.version)
        input.anonymize = arguments.flag("--anonymize")
        let output: String
        if arguments.value("--format") == "json" {
            output = JSONWriter.prettyText(ReportContext.build(input))
        } else {
            let template: (text: String, source: String)
            if let path = arguments.value("--template") {
                template = (try context.environment.fileSystem.readText(at: path, limit: FileLimits.document), path)
            } else {
                template = try context.environment.locator.template(named: "roadmap.md")
            }
            output = try ReportRenderer.markdown(input, template: template.text, templateName: template.source)
        }
        try context.emit(output, to: arguments.value("--output"))
        if let path = arguments.value("--output"), path != "-" {
            context.note("Wrote \(path)")
        }
        return .success
    }
}
