import OpModelKit

/// `opmodel report FILE`: the roadmap report of an assessment.
struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write the roadmap report of an assessment (Markdown, HTML, or the report context as JSON).",
        discussion: """
            The Markdown comes from Templates/roadmap.md (or --template), rendered by a strict Mustache
            subset: {{name}}, {{a.b}}, {{#list}}…{{/list}}, {{^empty}}…{{/empty}}, {{! comment}}, and
            {{{raw}}} for pre-rendered blocks. --format html renders Templates/roadmap.html (or
            --template) into one self-contained page with inline SVG charts that prints to PDF.
            --format json prints the report context templates are written against; its "scores" and
            "roadmap" members are stable interfaces.
            """,
        arguments: [file],
        options: [template, format, Options.output, charts, anonymize, Options.questionnaire, Options.store])

    static let file = ArgumentSpec(name: "file", help: "The assessment file.")
    static let template = OptionSpec(
        ["--template"], value: "path",
        help: "A Markdown (or, with --format html, HTML) template to use instead of the shipped roadmap.")
    static let format = Options.format(
        ["markdown", "html", "json", "csv"],
        help:
            "markdown (default), html (one self-contained page), json (the report context), or csv (one row per question)."
    )
    static let charts = OptionSpec(
        ["--charts"], value: "kind",
        help: "mermaid (default: diagrams GitHub renders), svg (files written beside --output and linked), or none.",
        allowed: ["mermaid", "svg", "none"])
    static let anonymize = OptionSpec(
        ["--anonymize"], help: "Replace participants' names by Participant A, B, … (and the facilitator's) everywhere.")

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let loaded = try context.openAssessment(at: arguments[Self.file] ?? "", arguments)
        if let notice = ReportContext.draftNotice(
            loaded.assessment, questionnaire: loaded.questionnaire.questionnaire)
        {
            context.warn("\(loaded.path): \(notice); the report is marked as a draft.")
        }
        var input = ReportInput(
            assessment: loaded.assessment, questionnaire: loaded.questionnaire.questionnaire, previous: loaded.previous,
            toolVersion: OpModel.version)
        input.anonymize = arguments.isSet(Self.anonymize)
        var svgFiles: [(path: String, text: String)] = []
        let isHTML = arguments[Self.format] == "html"
        if isHTML, arguments[Self.charts] != nil {
            context.warn("--charts applies to Markdown; the HTML report draws its charts inline.")
        }
        switch isHTML ? nil : arguments[Self.charts] {
        case "none":
            input.charts = .none
        case "svg":
            guard
                let maturity = try TrackingOptions.svgChart(suffix: "maturity", arguments: arguments, context: context),
                let timeline = try TrackingOptions.svgChart(suffix: "roadmap", arguments: arguments, context: context)
            else { break }
            input.charts = .svg(maturityFile: maturity.link, roadmapFile: timeline.link)
            let questionnaire = loaded.questionnaire.questionnaire
            let card = ScoreCalculator.score(loaded.assessment, questionnaire: questionnaire)
            let domains = zip(questionnaire.domains, card.domains).map { domain, score in
                (name: domain.name, current: score.score, target: score.target.map(Double.init))
            }
            let title = "Maturity by domain: \(loaded.assessment.team), \(loaded.assessment.period)"
            svgFiles = [
                (
                    maturity.path,
                    SVGCharts.radar(
                        domains: domains, low: Double(questionnaire.minimumLevel),
                        high: Double(questionnaire.maximumLevel), title: title)
                ),
                (
                    timeline.path,
                    SVGCharts.timeline(
                        RoadmapPlanner.plan(loaded.assessment, questionnaire: questionnaire),
                        title: "Roadmap by quarter: \(loaded.assessment.team)", doneBy: loaded.assessment.period)
                ),
            ]
        default:
            input.charts = .mermaid
        }
        let output: String
        if arguments[Self.format] == "json" {
            output = JSONWriter.prettyText(ReportContext.build(input))
        } else if arguments[Self.format] == "csv" {
            output = CSVExport.answers(loaded.assessment, questionnaire: loaded.questionnaire.questionnaire)
        } else {
            let template: (text: String, source: String)
            if let path = arguments[Self.template] {
                template = (try context.environment.fileSystem.readText(at: path, limit: FileLimits.document), path)
            } else {
                template = try context.environment.locator.template(named: isHTML ? "roadmap.html" : "roadmap.md")
            }
            output =
                isHTML
                ? try ReportRenderer.html(input, template: template.text, templateName: template.source)
                : try ReportRenderer.markdown(input, template: template.text, templateName: template.source)
        }
        try context.emit(svgFiles.map { ($0.text, $0.path) } + [(output, arguments[Options.output])])
        return .success
    }
}
